//! `tf-aws-sg-database-open`: security group exposes a database port to the internet.

use super::report_open_ports;
use super::{PlanResource, PlanView, TfRule, TfSink};

const DB_PORTS: &[(i64, &str)] = &[
    (5432, "PostgreSQL"),
    (3306, "MySQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (9200, "Elasticsearch"),
    (9042, "Cassandra"),
    (5439, "Redshift"),
];
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sg-database-open",
    summary: "Security group exposes a database port to the internet",
    severity: Severity::High,
    help: "allow database ports only from the application security groups or private CIDRs",
    docs: r#"Databases and caches (PostgreSQL 5432, MySQL 3306, SQL Server 1433, Oracle 1521, MongoDB 27017,
Redis 6379, Memcached 11211, Elasticsearch 9200, Cassandra 9042, Redshift 5439) must never accept
connections from `0.0.0.0/0` or `::/0`; reference the client security group instead."#,
    references: &["AWS FSBP EC2.19", "CIS AWS Foundations 3.0.0 5.2"],
    tags: &["network", "security-group", "database"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(
            r.rtype,
            "aws_security_group" | "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule"
        ) {
            report_open_ports(r, sink, DB_PORTS, "database access");
        }
    }
}
