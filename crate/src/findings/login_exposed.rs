//! `CTI-LOGIN-EXPOSED` (high): the provider login (application user) and application id are
//! readable in ProviderOpenRequest (login is a UTF-16 UnicodeString, `ctiqbe-wire.md` §5.5).
//! Half of the credential pair is handed to anyone on the path: enough to target the account
//! with password guessing or lock it out.

use super::Collector;
use super::ctx::{self, at_field, refs, Ctx, Draft};
use crate::model::{Tag, TaggedValue};
use crate::proto::ctiqbe::decode::tagged_values;
use crate::report::{Evidence, Severity};
use crate::store::{Entry, MessageStore};

/// ProviderOpenRequest / ProviderOpenCompletedEvent (§7).
const PROVIDER_OPEN_REQUEST: u32 = 3;
const PROVIDER_OPEN_COMPLETED_EVENT: u32 = 126;

/// The login (and, in ProviderOpenRequest, the application id) of a clean frame as tagged
/// values: the only `Login` / `ApplicationId` fields of these PDUs are `login`,
/// `applicationID` and `loginUserName`. `None` when one is missing (empty, `0`, a frame with
/// problems): the caller decodes the message whole and reads the fields.
fn read_tagged(store: &MessageStore, i: usize, e: &Entry) -> Option<(TaggedValue, Option<TaggedValue>)> {
    if e.has_errors {
        return None;
    }
    let values = tagged_values(&store.raw(i)?, e.direction, &[Tag::Login, Tag::ApplicationId])?;
    let pick = |tag: Tag| values.iter().find(|t| t.tag == tag).cloned();
    let login = pick(Tag::Login)?;
    if e.pdu != PROVIDER_OPEN_REQUEST {
        return Some((login, None));
    }
    Some((login, Some(pick(Tag::ApplicationId)?)))
}

/// Evidence of a tagged value of message `i`: its bytes, as `at_field` locates a field's data.
fn tagged_evidence(i: usize, e: &Entry, t: &TaggedValue, label: &str) -> Evidence {
    Evidence {
        label: label.into(),
        value: t.value.clone(),
        masked: false,
        frame: e.frame,
        message: Some(i),
        start: t.start,
        end: t.end,
    }
}

pub fn check(cx: &Ctx<'_>, out: &mut Collector<'_>) {
    for s in cx.plaintext_ctiqbe() {
        let mut evidence = Vec::new();
        let mut logins = Vec::new();
        let mut apps = Vec::new();
        let store = cx.report.messages;
        for (i, e) in cx
            .entries(s.id)
            .filter(|(_, e)| matches!(e.pdu, PROVIDER_OPEN_REQUEST | PROVIDER_OPEN_COMPLETED_EVENT))
        {
            // Most sessions: the login and application id as tagged values, without decoding
            // the message ([`read_tagged`]); otherwise (a frame with problems, an empty value)
            // the message decoded whole, below.
            if let Some(found) = read_tagged(store, i, &e) {
                let name = e.name(store);
                let (login, app) = found;
                let login_field = if e.pdu == PROVIDER_OPEN_REQUEST { "login" } else { "loginUserName" };
                evidence.push(tagged_evidence(i, &e, &login, &format!("{name} {login_field}")));
                if e.pdu == PROVIDER_OPEN_REQUEST && !logins.contains(&login.value) {
                    logins.push(login.value.clone());
                }
                if let Some(app) = app {
                    evidence.push(tagged_evidence(i, &e, &app, "ProviderOpenRequest applicationID"));
                    if !apps.contains(&app.value) {
                        apps.push(app.value);
                    }
                }
                continue;
            }
            let Some(m) = store.get(i) else { continue };
            let m = &m;
            let login_field = match m.pdu {
                PROVIDER_OPEN_REQUEST => "login",
                PROVIDER_OPEN_COMPLETED_EVENT => "loginUserName",
                _ => continue,
            };
            if let Some(login) = ctx::field(m, login_field)
                .map(ctx::text)
                .filter(|t| !t.is_empty())
            {
                evidence.push(at_field(
                    i,
                    m,
                    login_field,
                    &format!("{} {login_field}", m.name),
                    login.clone(),
                    false,
                ));
                if m.pdu == PROVIDER_OPEN_REQUEST && !logins.contains(&login) {
                    logins.push(login);
                }
            }
            if m.pdu == PROVIDER_OPEN_REQUEST {
                if let Some(app) = ctx::field(m, "applicationID")
                    .map(ctx::text)
                    .filter(|t| !t.is_empty())
                {
                    evidence.push(at_field(
                        i,
                        m,
                        "applicationID",
                        "ProviderOpenRequest applicationID",
                        app.clone(),
                        false,
                    ));
                    if !apps.contains(&app) {
                        apps.push(app);
                    }
                }
            }
        }
        if logins.is_empty() {
            continue;
        }
        out.push(Draft {
            id: "CTI-LOGIN-EXPOSED",
            severity: Severity::High,
            title: format!("Provider login \"{}\" readable in ProviderOpenRequest", logins.join("\", \"")),
            detail: format!(
                "The CTI application user name ({}) and application id ({}) travel in clear text in \
                 ProviderOpenRequest on {}. An observer learns which account the application uses — the target \
                 for password guessing, account lock-out (0x8CCC011F) or impersonation — and which application \
                 it is.",
                logins.join(", "),
                if apps.is_empty() { "none".to_string() } else { apps.join(", ") },
                s.server
            ),
            session: Some(s.id),
            evidence,
            remediation: "Move the application to CTI over TLS (TCP 2749) so the login is encrypted; give each \
                application its own application user with only the \"Standard CTI Enabled\" roles it needs; \
                then restrict TCP 2748 with an ACL.",
            references: &[refs::SECURITY_GUIDE, refs::TECH_NOTE_212107],
        }
        .build()
        .naming(logins.join(", ")));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn positive_login_and_application_id_with_byte_ranges() {
        let r = analyze(&capture(&[session(&SAMPLE_OPEN_ONLY)]));
        let f = only(&r, "CTI-LOGIN-EXPOSED");
        assert!(f.title.contains("ivr_jtapi"));
        let e = &f.evidence[0];
        let m = &r.messages.get(e.message.unwrap()).unwrap();
        assert_eq!(m.name, "ProviderOpenRequest");
        // UTF-16LE "ivr_jtapi": 18 bytes.
        assert_eq!((e.end - e.start, e.value.as_str()), (18, "ivr_jtapi"));
        assert_eq!(m.raw[e.start as usize], b'i');
        assert_spans_valid(&r, f);
    }

    #[test]
    fn negative_init_only_session_has_no_login() {
        let r = analyze(&capture(&[session(&(0..2))]));
        assert_absent(&r, "CTI-LOGIN-EXPOSED");
        assert_eq!(count(&r, "CTI-CLEARTEXT-SESSION"), 1);
    }
}
