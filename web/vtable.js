// A virtualized, keyboard-navigable table (ARIA grid) for any number of rows: only the rows in
// sight exist in the DOM, and rows are fetched page by page through `fetchPage` (the worker holds
// the data), cached per page, and dropped when the cache grows. Past a few hundred thousand rows
// the scroll height is capped and scroll position maps proportionally to rows, so a million rows
// scroll as smoothly as a hundred.
import { el } from './dom.js';

const PAGE = 200;
const MAX_CACHED_PAGES = 60;
const MAX_SPACER_PX = 8_000_000;
const OVERSCAN = 6;
const FALLBACK_VIEW_PX = 640;

export class VirtualTable {
  /**
   * @param {object} o
   * @param {string} o.label accessible name
   * @param {Array<{key: string, title: string, cell: (row: object) => string, sort?: string, open?: (row: object) => void}>} o.columns
   *   `open`: clicking that column's cell of a row (once the row is selected) opens something
   *   of the row (a message's call)
   * @param {(offset: number, limit: number) => Promise<object[]>} o.fetchPage
   * @param {(row: object, position: number) => void} o.onSelect
   * @param {(key: string) => void} o.onSort header clicked
   * @param {(e: Error) => void} o.onError
   * @param {(row: object, position: number) => void} [o.onActivate] Enter on the selected row
   */
  constructor(o) {
    Object.assign(this, { columns: o.columns, fetchPage: o.fetchPage, onSelect: o.onSelect, onSort: o.onSort, onError: o.onError, onActivate: o.onActivate });
    this.total = 0;
    this.generation = 0;
    this.pages = new Map();
    this.loading = new Map();
    this.selected = -1;
    // Rows are about 1.72rem tall, in whole pixels so positions add up exactly at any font size.
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 14;
    this.rowHeight = Math.max(20, Math.round(rem * 1.72));
    this.pool = [];
    this.frame = 0;
    this.sort = { key: 'frame', descending: false };
    this.headCells = this.columns.map((c) => {
      const cell = el('div', { role: 'columnheader', class: `c-${c.key}` });
      if (c.sort) {
        const b = el('button', { type: 'button', class: 'sort', tabindex: '-1' }, c.title);
        b.addEventListener('click', () => this.onSort(c.sort));
        cell.append(b);
      } else cell.append(c.title);
      return cell;
    });
    this.spacer = el('div', { class: 'vspacer' });
    this.rows = el('div', { class: 'vrows', role: 'presentation' });
    this.body = el('div', { class: 'vbody', role: 'rowgroup' }, this.spacer, this.rows);
    this.element = el('div', { class: 'vtable', role: 'grid', tabindex: '0', 'aria-label': o.label, 'aria-colcount': String(this.columns.length), 'aria-rowcount': '1' },
      el('div', { class: 'vhead', role: 'rowgroup' }, el('div', { class: 'vrow head', role: 'row', 'aria-rowindex': '1' }, ...this.headCells)),
      this.body);
    this.element.style.setProperty('--row-h', `${this.rowHeight}px`);
    this.body.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.element.addEventListener('keydown', (e) => this.key(e));
    this.rows.addEventListener('click', (e) => {
      const row = e.target.closest('.vrow');
      if (!row || !row.dataset.pos) return;
      this.element.focus({ preventScroll: true });
      const pos = Number(row.dataset.pos);
      const column = this.columns.find((c) => c.open && e.target.closest(`.c-${c.key}`));
      const data = this.rowAt(pos);
      if (column && data && this.selected === pos) column.open(data);
      else this.select(pos).then(() => { if (column && this.rowAt(pos)) column.open(this.rowAt(pos)); });
    });
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.schedule()).observe(this.body);
  }

  /** New data (a new view): forget every cached row. */
  reset(total, sort) {
    this.generation += 1;
    this.total = total;
    this.pages.clear();
    this.loading.clear();
    this.selected = -1;
    if (sort) this.sort = sort;
    for (const [i, c] of this.columns.entries()) {
      if (c.sort) this.headCells[i].setAttribute('aria-sort', c.sort === this.sort.key ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
    }
    this.element.setAttribute('aria-rowcount', String(total + 1));
    this.element.removeAttribute('aria-activedescendant');
    this.spacer.style.height = `${Math.min(total * this.rowHeight, MAX_SPACER_PX)}px`;
    this.body.scrollTop = 0;
    this.render();
  }

  /** The cached row at a position, or undefined. */
  rowAt(pos) {
    const page = this.pages.get(Math.floor(pos / PAGE));
    return page ? page[pos % PAGE] : undefined;
  }

  /** Resolves with the row at a position, fetching its page when needed. */
  async row(pos) {
    const have = this.rowAt(pos);
    if (have) return have;
    await this.load(Math.floor(pos / PAGE));
    return this.rowAt(pos);
  }

  /** Fetches a page once; concurrent callers share the same promise. */
  load(pageNo) {
    if (this.pages.has(pageNo)) return Promise.resolve();
    if (this.loading.has(pageNo)) return this.loading.get(pageNo);
    const gen = this.generation;
    const job = (async () => {
      try {
        const rows = await this.fetchPage(pageNo * PAGE, PAGE);
        if (gen !== this.generation) return;
        if (this.pages.size >= MAX_CACHED_PAGES) {
          const keep = Math.floor(this.firstVisible() / PAGE);
          for (const k of [...this.pages.keys()]) if (Math.abs(k - keep) > 2) this.pages.delete(k);
        }
        this.pages.set(pageNo, rows);
        this.schedule();
      } catch (e) {
        if (!e || e.name !== 'AbortError') this.onError(e); // not when the analysis was closed
      } finally {
        if (gen === this.generation) this.loading.delete(pageNo);
      }
    })();
    this.loading.set(pageNo, job);
    return job;
  }

  viewHeight() {
    return this.body.clientHeight || FALLBACK_VIEW_PX;
  }

  visibleCount() {
    return Math.ceil(this.viewHeight() / this.rowHeight) + 1;
  }

  scaled() {
    return this.total * this.rowHeight > MAX_SPACER_PX;
  }

  /** The first row in sight, and where the row block sits in the scroller. */
  layout() {
    const top = this.body.scrollTop;
    if (!this.scaled()) {
      const first = Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN);
      return { first, offset: first * this.rowHeight, count: this.visibleCount() + 2 * OVERSCAN };
    }
    const maxScroll = Math.max(1, MAX_SPACER_PX - this.viewHeight());
    const first = Math.floor((Math.min(top, maxScroll) / maxScroll) * Math.max(0, this.total - this.visibleCount() + 1));
    return { first, offset: Math.min(top, maxScroll), count: this.visibleCount() };
  }

  firstVisible() {
    return this.scaled() ? this.layout().first : Math.floor(this.body.scrollTop / this.rowHeight);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render() {
    const { first, offset, count } = this.layout();
    const n = Math.max(0, Math.min(count, this.total - first));
    while (this.pool.length < n) {
      const cells = this.columns.map((c) => el('div', { role: 'gridcell', class: `c-${c.key}` }));
      const row = el('div', { class: 'vrow', role: 'row' }, ...cells);
      this.pool.push({ row, cells });
      this.rows.append(row);
    }
    this.rows.style.transform = `translateY(${offset}px)`;
    for (let i = 0; i < this.pool.length; i += 1) {
      const { row, cells } = this.pool[i];
      if (i >= n) { row.hidden = true; continue; }
      const pos = first + i;
      const data = this.rowAt(pos);
      if (!data) this.load(Math.floor(pos / PAGE));
      row.hidden = false;
      row.id = `vrow-${pos}`;
      row.dataset.pos = String(pos);
      row.setAttribute('aria-rowindex', String(pos + 2));
      row.setAttribute('aria-selected', pos === this.selected ? 'true' : 'false');
      row.classList.toggle('loading', !data);
      row.classList.toggle('has-errors', Boolean(data && data.errors));
      row.dataset.direction = data ? data.direction : '';
      for (let c = 0; c < cells.length; c += 1) {
        const text = data ? this.columns[c].cell(data) : (c === 0 ? '…' : '');
        if (cells[c].textContent !== text) cells[c].textContent = text;
      }
    }
  }

  /** Brings a position into sight. */
  reveal(pos) {
    const view = this.viewHeight();
    if (!this.scaled()) {
      const top = pos * this.rowHeight;
      if (top < this.body.scrollTop) this.body.scrollTop = top;
      else if (top + this.rowHeight > this.body.scrollTop + view) this.body.scrollTop = top + this.rowHeight - view;
      return;
    }
    const { first } = this.layout();
    const visible = this.visibleCount() - 1;
    if (pos >= first && pos < first + visible) return;
    const maxScroll = Math.max(1, MAX_SPACER_PX - view);
    const span = Math.max(1, this.total - this.visibleCount() + 1);
    const wantFirst = pos < first ? pos : pos - visible + 1;
    this.body.scrollTop = Math.ceil((Math.max(0, wantFirst) / span) * maxScroll);
  }

  /** Marks a position as selected and brings it into sight, without reporting it. */
  mark(pos) {
    if (pos < 0 || pos >= this.total) return;
    this.selected = pos;
    this.reveal(pos);
    this.render();
    this.element.setAttribute('aria-activedescendant', `vrow-${pos}`);
  }

  /** Selects the row at a position: scrolls to it and reports it once its data is in. */
  async select(pos) {
    if (!this.total) return;
    const p = Math.max(0, Math.min(this.total - 1, pos));
    this.selected = p;
    this.reveal(p);
    this.render();
    this.element.setAttribute('aria-activedescendant', `vrow-${p}`);
    const gen = this.generation;
    const data = await this.row(p);
    if (data && gen === this.generation && this.selected === p) this.onSelect(data, p);
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' && this.onActivate && this.selected >= 0) {
      e.preventDefault();
      const data = this.rowAt(this.selected);
      if (data) this.onActivate(data, this.selected);
      return;
    }
    const page = Math.max(1, this.visibleCount() - 2);
    const at = this.selected < 0 ? -1 : this.selected;
    const moves = {
      ArrowDown: at + 1, ArrowUp: Math.max(0, at - 1), PageDown: at + page, PageUp: Math.max(0, at - page),
      Home: 0, End: this.total - 1, j: at + 1, k: Math.max(0, at - 1),
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.select(moves[e.key]);
  }
}
