//! `CTI-SERVER-CALLER-DATA-EXPOSED` (medium): calls whose caller data travelled in clear text
//! on the CTI Server link: ANI, DNIS / dialled numbers, caller-entered digits, call variables,
//! ECC variables, wrap-up data (spec §13). Says how many calls, which variables, and gives a
//! few masked examples.

use std::collections::BTreeSet;

use super::Collector;
use super::ctx::{self, at_span, list, mask, refs, Ctx, Draft};
use crate::model::Tag;
use crate::report::Severity;
use crate::store::MessageStore;

const MAX_EXAMPLES: usize = 8;
const CALLER_TAGS: [Tag; 4] = [Tag::CallingNumber, Tag::CalledNumber, Tag::Dtmf, Tag::CallData];

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for (s, info) in cx.ged188() {
        let calls = info
            .calls
            .iter()
            .filter(|c| !c.leg.calling.is_empty() || !c.leg.called.is_empty() || !c.variables.is_empty() || c.entered_digits)
            .count();
        let variables: BTreeSet<&str> = info.calls.iter().flat_map(|c| c.variables.iter().map(String::as_str)).collect();
        let mut evidence = Vec::new();
        let mut fields = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for (i, m) in cx.messages_where(s.id, MessageStore::may_carry_tags) {
            for sp in &m.spans {
                if !sp.tag.is_some_and(|t| CALLER_TAGS.contains(&t)) {
                    continue;
                }
                let Some(value) = ctx::span_value(&m, sp) else { continue };
                let field = sp.path.split('.').next().unwrap_or_default().to_string();
                fields.insert(field.clone());
                let shown = match serde_json::from_str::<serde_json::Value>(&value) {
                    Ok(serde_json::Value::Object(o)) => format!(
                        "{}={}",
                        o.get("name").and_then(|v| v.as_str()).unwrap_or_default(),
                        mask(o.get("value").and_then(|v| v.as_str()).unwrap_or_default())
                    ),
                    _ => mask(&value),
                };
                if evidence.len() < MAX_EXAMPLES && seen.insert((field.clone(), value)) {
                    evidence.push(at_span(i, &m, sp, &format!("{} ({})", sp.path, m.name), shown, true));
                }
            }
        }
        if evidence.is_empty() {
            continue;
        }
        let fields: Vec<String> = fields.into_iter().collect();
        let variables: Vec<String> = variables.into_iter().map(str::to_string).collect();
        out.push(
            Draft {
                id: "CTI-SERVER-CALLER-DATA-EXPOSED",
                severity: Severity::Medium,
                title: format!("Caller data of {calls} call(s) readable on the CTI Server link ({} → {})", s.client, s.server),
                detail: format!(
                    "This CTI Server session carries callers' data in clear text: fields {}{}. Call and ECC variables \
                     are free text set by IVR scripts and desktops (account and card numbers, e-mail addresses); \
                     anyone on the path reads them (the evidence masks the examples; the capture does not).",
                    list(&fields, 12),
                    if variables.is_empty() { String::new() } else { format!("; variables {}", list(&variables, 12)) }
                ),
                session: Some(s.id),
                evidence,
                remediation: "Keep the CTI link on a protected segment or inside an encrypted tunnel; do not put card \
                    or account data in call/ECC variables (use tokens), and redact captures before sharing them.",
                references: &[refs::GED188_SPEC, refs::PCI_DSS_4_2],
            }
            .build(),
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_call_with_ani_dnis_and_variables() {
        let r = analyze(&capture(&[ged188_session(20, b"pw\0", true)]));
        let f = only(&r, "CTI-SERVER-CALLER-DATA-EXPOSED");
        assert!(f.title.contains("1 call(s)"), "{}", f.title);
        assert!(f.detail.contains("user.email") && f.detail.contains("CallVar1"), "{}", f.detail);
        assert!(f.evidence.iter().all(|e| e.masked));
        assert!(f.evidence.iter().any(|e| e.value == "user.email=a***c"), "{:?}", f.evidence);
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_session_without_calls() {
        let r = analyze(&capture(&[ged188_session(20, b"pw\0", false)]));
        assert_absent(&r, "CTI-SERVER-CALLER-DATA-EXPOSED");
    }
}
