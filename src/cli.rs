//! Command-line interface: `ndlint check`, `rules`, `explain`, `test`, `init`, `completions`, `man`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{self, Format, RenderOptions};
use crate::rules::{Registry, RuleInfo, Selection};
use crate::run::{self, Options};

#[derive(Parser, Debug)]
#[command(
    name = "ndlint",
    version,
    about = "Policy and validation linter for GitOps repositories",
    long_about = "Lints Kubernetes manifests, Helm charts, Kustomize overlays and Terraform plans with \
built-in CIS/Pod Security rules, Rego policies and Kubernetes schemas, and reports every finding at \
its exact line and column.\n\nExit codes: 0 no finding at or above --fail-on, 1 findings at or above \
it, 2 the run itself failed (bad arguments or config, a policy that does not compile)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories (`-` reads manifests, helm output or a plan from stdin).
    Check(Box<CheckArgs>),
    /// List every rule with its id, severity, summary and benchmark references.
    Rules(RulesArgs),
    /// Print a rule's full documentation.
    Explain {
        /// The rule id, e.g. `k8s-privileged-container`.
        rule: String,
    },
    /// Run Rego unit tests (`test_*` rules, like `opa test`) and Gatekeeper `suite.yaml` suites.
    Test {
        /// Policy directories (default: the embedded policy pack).
        dirs: Vec<PathBuf>,
        /// Print OPA's JSON coverage report (lines of each policy file the tests covered).
        #[arg(long)]
        coverage: bool,
        /// Only run the tests whose full name (`data.pkg.test_x`) matches this regex.
        #[arg(short = 'r', long = "run", value_name = "REGEX")]
        run: Option<String>,
    },
    /// Write a commented starter `.ndlint.yaml` for the tree in the working directory.
    Init {
        /// Print the config instead of writing `.ndlint.yaml`.
        #[arg(long)]
        stdout: bool,
        /// Overwrite an existing `.ndlint.yaml`.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (e.g. `ndlint completions bash > /etc/bash_completion.d/ndlint`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of ndlint.
    Man,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads stdin. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// The paths are changed files (the pre-commit hook): lint each through what it belongs to (a
    /// values file through its chart's variants, a patch through the overlays using it, a policy
    /// through its tests).
    #[arg(long)]
    pub changed: bool,
    /// Report format written to stdout (or --output).
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a SARIF report to FILE (for GitHub code scanning), whatever --format is.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Also append a Markdown summary of the findings to FILE (e.g. `$GITHUB_STEP_SUMMARY`).
    #[arg(long, value_name = "FILE")]
    pub markdown_summary: Option<PathBuf>,
    /// Include suppressed results in SARIF, with `suppressions[]` (GitHub would show them as open alerts).
    #[arg(long)]
    pub sarif_suppressed: bool,
    /// Rego policy directory: conftest policies, Gatekeeper templates and constraints (repeatable).
    #[arg(short, long = "policy", value_name = "DIR")]
    pub policy: Vec<PathBuf>,
    /// Data file or directory (JSON/YAML) merged into Rego's `data` (repeatable).
    #[arg(short, long, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// conftest namespace to evaluate, a glob (repeatable; default `main`).
    #[arg(short, long = "namespace", value_name = "GLOB")]
    pub namespace: Vec<String>,
    /// Evaluate every package of the policies.
    #[arg(long)]
    pub all_namespaces: bool,
    /// Leave out the embedded NORMAL DANCE policy pack even when the config turns it on.
    #[arg(long)]
    pub no_builtin_policies: bool,
    /// Config file (default: `.ndlint.yaml` in the working directory or an ancestor).
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules: ids or prefixes such as `k8s-` (repeatable, comma-separated).
    #[arg(long, value_name = "ID|PREFIX", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never run these rules: ids or prefixes (repeatable, comma-separated).
    #[arg(long, value_name = "ID|PREFIX", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding has this severity or higher: critical, high, medium, low, info or never.
    #[arg(long, value_name = "LEVEL")]
    pub fail_on: Option<String>,
    /// Ignore every suppression (comments, annotations, config `ignores`).
    #[arg(long)]
    pub no_ignores: bool,
    /// Worker threads (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Run only the rules of a benchmark: cis-k8s, pss-baseline or pss-restricted.
    #[arg(long, value_name = "NAME")]
    pub benchmark: Option<String>,
    /// Kubernetes version (`1.33`) for rendering, schema validation and deprecated APIs.
    #[arg(long, value_name = "X.Y")]
    pub kube_version: Option<String>,
    /// Directory of CustomResourceDefinitions (YAML, or the CRDs-catalog JSON layout); repeatable.
    #[arg(long, value_name = "DIR")]
    pub crd_dir: Vec<PathBuf>,
    /// Do not report custom resources whose schema is in no CRD, `--crd-dir` or the embedded catalog.
    #[arg(long)]
    pub ignore_missing_schemas: bool,
    /// Directory of the Terraform configuration plans were made from (default: the plan's directory).
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,
    /// Name to report for input read from stdin.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    /// The README rule table.
    Markdown,
    /// Every rule's documentation (`docs/rules.md`).
    Docs,
}

/// Runs the CLI and returns the process exit code.
pub fn main(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules(args) => rules(args),
        Command::Explain { rule } => explain(&rule),
        Command::Test { dirs, coverage, run } => {
            let mut out = std::io::stdout().lock();
            match run.as_deref().map(regex::Regex::new).transpose() {
                Err(e) => Err(format!("--run: {e}")),
                Ok(run) => crate::rego::test::run_tests(
                    &dirs,
                    &crate::rego::test::TestOptions { coverage, run },
                    &mut out,
                )
                .map(|passed| if passed { 0 } else { 1 })
                .map_err(|e| e.to_string()),
            }
        }
        Command::Init { stdout, force } => crate::init::run(stdout, force),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "ndlint", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            let mut out = std::io::stdout().lock();
            man.render(&mut out).map(|()| 0).map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn check(args: CheckArgs) -> Result<i32, String> {
    if let Some(n) = args.threads {
        // Rendering the report runs on rayon's global pool: `-j` bounds it too.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let opts = Options {
        paths: args.paths,
        stdin_name: args.stdin_filename,
        config: args.config,
        select: args.select,
        ignore: args.ignore,
        fail_on: args.fail_on,
        no_ignores: args.no_ignores,
        threads: args.threads,
        kube_version: args.kube_version,
        benchmark: args.benchmark,
        crd_dirs: args.crd_dir,
        ignore_missing_schemas: args.ignore_missing_schemas,
        progress: std::io::stderr().is_terminal(),
        tf_root: args.tf_root,
        policies: args.policy,
        data: args.data,
        namespaces: args.namespace,
        all_namespaces: args.all_namespaces,
        no_builtin_policies: args.no_builtin_policies,
        cwd: None,
        ci: std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0"),
        changed: args.changed,
    };
    let outcome = run::run(&opts)?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let render_opts = RenderOptions { sarif_suppressed: args.sarif_suppressed, color };
    let text = report::render(&outcome.report, args.format, &render_opts);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`ndlint check | head`) is not an error of the run.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
    }
    if let Some(path) = &args.sarif {
        let sarif = report::render(&outcome.report, Format::Sarif, &render_opts);
        std::fs::write(path, sarif).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if let Some(path) = &args.markdown_summary {
        let text = report::render(&outcome.report, Format::Markdown, &render_opts);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for e in &outcome.report.errors {
        eprintln!("warning: {}", e.message);
    }
    let mut code = outcome.exit_code();
    if let Some((scope, policy_dirs)) = &outcome.changed {
        if !policy_dirs.is_empty() {
            let mut out = std::io::stderr().lock();
            let passed = crate::rego::test::run_tests(
                policy_dirs,
                &crate::rego::test::TestOptions::default(),
                &mut out,
            )
            .map_err(|e| e.to_string())?;
            if !passed {
                code = 1;
            }
        }
        eprintln!("{scope}");
    }
    eprintln!("{}", report::summary_line(&outcome.report));
    Ok(code)
}

/// Every rule: built-in ones and those of the embedded policy pack.
fn all_rules() -> Vec<RuleInfo> {
    let mut registry = Registry::new(Selection::default());
    if let Ok(policies) = crate::rego::Policies::load(&crate::rego::RegoOptions::default()) {
        registry.add_infos(policies.rule_infos());
    }
    registry.infos
}

fn rules(args: RulesArgs) -> Result<i32, String> {
    let infos = all_rules();
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&infos).map_err(|e| e.to_string())? + "\n",
        ListFormat::Markdown => crate::rules::table::rules_markdown(),
        ListFormat::Docs => crate::rules::table::rules_docs(),
        ListFormat::Table => {
            let width = infos.iter().map(|i| i.id.len()).max().unwrap_or(0);
            infos
                .iter()
                .map(|i| format!("{:<width$}  {:<8}  {}\n", i.id, i.severity.as_str(), i.summary))
                .collect()
        }
    };
    print!("{text}");
    Ok(0)
}

fn explain(id: &str) -> Result<i32, String> {
    let infos = all_rules();
    let Some(info) = infos.iter().find(|i| i.id == id) else {
        let close: Vec<&str> = infos
            .iter()
            .map(|i| i.id.as_str())
            .filter(|c| c.contains(id) || id.contains(*c))
            .take(5)
            .collect();
        let hint =
            if close.is_empty() { String::new() } else { format!(" (did you mean {}?)", close.join(", ")) };
        return Err(format!("unknown rule `{id}`{hint}; `ndlint rules` lists them all"));
    };
    let mut text = format!("# {}\n\n{}\n\nSeverity: {}\n", info.id, info.summary, info.severity);
    if !info.references.is_empty() {
        text.push_str(&format!("References: {}\n", info.references.join("; ")));
    }
    if !info.default_enabled {
        text.push_str("Off by default: enable it with `--select`.\n");
    }
    text.push_str(&format!("\n{}\n", info.docs.trim_end()));
    print!("{text}");
    Ok(0)
}
