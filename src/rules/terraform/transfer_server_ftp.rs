//! `tf-aws-transfer-server-ftp`: transfer Family server accepts plain FTP.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-transfer-server-ftp",
    summary: "Transfer Family server accepts plain FTP",
    severity: Severity::High,
    help: "allow only `SFTP` or `FTPS` in `protocols`",
    docs: r#"FTP sends user names, passwords and files in clear text: anyone on the network path can read them
or change the files in transit. SFTP and FTPS encrypt the session."#,
    references: &["AWS FSBP Transfer.2"],
    tags: &["transfer", "tls"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_transfer_server")
            && r.items("/protocols").iter().any(|(_, v)| v.as_str() == Some("FTP"))
        {
            sink.report("/protocols", "the server accepts plain FTP");
        }
    }
}
