//! The Terraform functions the evaluator knows, written from their documentation. An unknown
//! argument makes the result unknown; a function ndlint does not implement is unknown too, and
//! says so.

use hcl_edit::expr::Expression;
use serde_json::{Map, Value};

use super::tfeval::{Ctx, Fail, R, Scope, entries, num, to_f64, to_string, truthy};

/// Calls function `name`. `expand` is a final `...` argument (spread a list into arguments).
pub fn call(ctx: &Ctx<'_>, name: &str, args: &[&Expression], expand: bool, scope: &Scope) -> R {
    // Lazy functions first: their arguments may fail.
    match name {
        "try" => {
            let mut last = Err(Fail::Computed);
            for a in args {
                match ctx.eval(a, scope) {
                    Ok(v) => return Ok(v),
                    Err(Fail::Input(i)) => return Err(Fail::Input(i)),
                    Err(e) => last = Err(e),
                }
            }
            return last;
        }
        "can" => {
            return match args.first().map(|a| ctx.eval(a, scope)) {
                Some(Ok(_)) => Ok(Value::Bool(true)),
                Some(Err(Fail::Input(i))) => Err(Fail::Input(i)),
                _ => Ok(Value::Bool(false)),
            };
        }
        _ => {}
    }
    let mut vals = args.iter().map(|a| ctx.eval(a, scope)).collect::<Result<Vec<_>, _>>()?;
    if expand && let Some(Value::Array(last)) = vals.pop() {
        vals.extend(last);
    }
    let arg = |i: usize| vals.get(i).cloned().unwrap_or(Value::Null);
    let s = |i: usize| to_string(&arg(i));
    let list = |i: usize| match arg(i) {
        Value::Array(a) => Ok(a),
        _ => Err(Fail::Computed),
    };
    Ok(match name {
        "jsonencode" => Value::String(serde_json::to_string(&arg(0)).map_err(|_| Fail::Computed)?),
        "jsondecode" => serde_json::from_str(&s(0)?).map_err(|_| Fail::Computed)?,
        "tostring" => Value::String(s(0)?),
        "tonumber" => num(to_f64(&arg(0))?),
        "tobool" => Value::Bool(truthy(&arg(0))?),
        "tolist" | "toset" => {
            let mut items = match arg(0) {
                Value::Array(a) => a,
                _ => return Err(Fail::Computed),
            };
            if name == "toset" {
                dedup(&mut items);
            }
            Value::Array(items)
        }
        "tomap" => arg(0),
        "merge" => {
            let mut m = Map::new();
            for v in &vals {
                match v {
                    Value::Object(o) => m.extend(o.clone()),
                    Value::Null => {}
                    _ => return Err(Fail::Computed),
                }
            }
            Value::Object(m)
        }
        "lookup" => match arg(0).get(s(1)?) {
            Some(v) => v.clone(),
            None if vals.len() > 2 => arg(2),
            None => return Err(Fail::Computed),
        },
        "concat" => {
            let mut out = Vec::new();
            for i in 0..vals.len() {
                out.extend(list(i)?);
            }
            Value::Array(out)
        }
        "coalesce" => {
            vals.iter().find(|v| !v.is_null() && v.as_str() != Some("")).cloned().ok_or(Fail::Computed)?
        }
        "coalescelist" => vals
            .iter()
            .find(|v| v.as_array().is_some_and(|a| !a.is_empty()))
            .cloned()
            .ok_or(Fail::Computed)?,
        "length" => Value::from(match arg(0) {
            Value::Array(a) => a.len(),
            Value::Object(m) => m.len(),
            Value::String(s) => s.chars().count(),
            _ => return Err(Fail::Computed),
        }),
        "lower" => Value::String(s(0)?.to_lowercase()),
        "upper" => Value::String(s(0)?.to_uppercase()),
        "title" => Value::String(s(0)?.split(' ').map(capitalise).collect::<Vec<_>>().join(" ")),
        "trimspace" => Value::String(s(0)?.trim().to_string()),
        "trimprefix" => {
            Value::String(s(0)?.strip_prefix(s(1)?.as_str()).map(str::to_string).unwrap_or(s(0)?))
        }
        "trimsuffix" => {
            Value::String(s(0)?.strip_suffix(s(1)?.as_str()).map(str::to_string).unwrap_or(s(0)?))
        }
        "startswith" => Value::Bool(s(0)?.starts_with(&s(1)?)),
        "endswith" => Value::Bool(s(0)?.ends_with(&s(1)?)),
        "replace" => Value::String(s(0)?.replace(&s(1)?, &s(2)?)),
        "substr" => {
            let text = s(0)?;
            let off = to_f64(&arg(1))? as usize;
            let len = to_f64(&arg(2))?;
            let chars = text.chars().skip(off);
            Value::String(if len < 0.0 { chars.collect() } else { chars.take(len as usize).collect() })
        }
        "join" => Value::String(list(1)?.iter().map(to_string).collect::<Result<Vec<_>, _>>()?.join(&s(0)?)),
        "split" => Value::Array(s(1)?.split(&s(0)?).map(|p| Value::String(p.into())).collect()),
        "format" => Value::String(format(&s(0)?, &vals[1.min(vals.len())..])?),
        "formatlist" => {
            let fmt = s(0)?;
            let n = vals[1..].iter().filter_map(Value::as_array).map(Vec::len).max().unwrap_or(0);
            let mut out = Vec::new();
            for i in 0..n {
                let row: Vec<Value> = vals[1..]
                    .iter()
                    .map(|v| v.as_array().map_or(v.clone(), |a| a.get(i).cloned().unwrap_or_default()))
                    .collect();
                out.push(Value::String(format(&fmt, &row)?));
            }
            Value::Array(out)
        }
        "contains" => Value::Bool(list(0)?.contains(&arg(1))),
        "keys" => Value::Array(
            arg(0).as_object().ok_or(Fail::Computed)?.keys().map(|k| Value::String(k.clone())).collect(),
        ),
        "values" => Value::Array(arg(0).as_object().ok_or(Fail::Computed)?.values().cloned().collect()),
        "element" => {
            let l = list(0)?;
            if l.is_empty() {
                return Err(Fail::Computed);
            }
            l[to_f64(&arg(1))? as usize % l.len()].clone()
        }
        "index" => Value::from(list(0)?.iter().position(|v| v == &arg(1)).ok_or(Fail::Computed)?),
        "one" => match list(0)?.as_slice() {
            [] => Value::Null,
            [x] => x.clone(),
            _ => return Err(Fail::Computed),
        },
        "flatten" => {
            fn flat(v: Value, out: &mut Vec<Value>) {
                match v {
                    Value::Array(a) => a.into_iter().for_each(|x| flat(x, out)),
                    x => out.push(x),
                }
            }
            let mut out = Vec::new();
            flat(arg(0), &mut out);
            Value::Array(out)
        }
        "distinct" => {
            let mut l = list(0)?;
            dedup(&mut l);
            Value::Array(l)
        }
        "compact" => {
            Value::Array(list(0)?.into_iter().filter(|v| !v.is_null() && v.as_str() != Some("")).collect())
        }
        "reverse" => Value::Array(list(0)?.into_iter().rev().collect()),
        "sort" => {
            let mut l = list(0)?.iter().map(to_string).collect::<Result<Vec<_>, _>>()?;
            l.sort();
            Value::Array(l.into_iter().map(Value::String).collect())
        }
        "slice" => {
            let l = list(0)?;
            let (a, b) = (to_f64(&arg(1))? as usize, to_f64(&arg(2))? as usize);
            Value::Array(l.get(a..b.min(l.len())).ok_or(Fail::Computed)?.to_vec())
        }
        "zipmap" => Value::Object(
            list(0)?
                .iter()
                .map(to_string)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .zip(list(1)?)
                .collect(),
        ),
        "range" => {
            let nums = vals.iter().map(to_f64).collect::<Result<Vec<_>, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s, e] => (*s, *e, 1.0),
                [s, e, st] => (*s, *e, *st),
                _ => return Err(Fail::Computed),
            };
            if step == 0.0 || ((end - start) / step) > 100_000.0 {
                return Err(Fail::Computed);
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(num(x));
                x += step;
            }
            Value::Array(out)
        }
        "min" | "max" => {
            let nums = vals.iter().map(to_f64).collect::<Result<Vec<_>, _>>()?;
            let pick = if name == "min" { f64::min } else { f64::max };
            num(nums.into_iter().reduce(pick).ok_or(Fail::Computed)?)
        }
        "abs" => num(to_f64(&arg(0))?.abs()),
        "ceil" => num(to_f64(&arg(0))?.ceil()),
        "floor" => num(to_f64(&arg(0))?.floor()),
        "base64encode" => Value::String(base64(s(0)?.as_bytes())),
        "cidrsubnet" => Value::String(cidrsubnet(&s(0)?, to_f64(&arg(1))? as u32, to_f64(&arg(2))? as u64)?),
        "file" => {
            let p = ctx.sandboxed(&s(0)?)?;
            Value::String(
                std::fs::read_to_string(p)
                    .map_err(|_| Fail::Input(format!("file `{}`", s(0).unwrap_or_default())))?,
            )
        }
        "templatefile" => {
            let p = ctx.sandboxed(&s(0)?)?;
            let text = std::fs::read_to_string(&p).map_err(|_| Fail::Computed)?;
            let tpl: hcl_edit::template::Template = text.parse().map_err(|_| Fail::Computed)?;
            let mut sc = Scope::default();
            for (k, v) in entries(&arg(1)) {
                sc = sc.with(&to_string(&k)?, Ok(v));
            }
            let e = Expression::StringTemplate(hcl_edit::template::StringTemplate::from(
                tpl.iter().cloned().collect::<Vec<_>>(),
            ));
            ctx.eval(&e, &sc)?
        }
        _ => return Err(Fail::Input(format!("the result of `{name}()`, which ndlint does not evaluate"))),
    })
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn dedup(items: &mut Vec<Value>) {
    let mut seen = Vec::new();
    items.retain(|v| {
        if seen.contains(v) {
            false
        } else {
            seen.push(v.clone());
            true
        }
    });
}

/// `format` with the verbs `%s`, `%d`, `%v`, `%q`, `%%` (and width/precision ignored).
fn format(fmt: &str, args: &[Value]) -> Result<String, Fail> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut verb = None;
        for d in chars.by_ref() {
            if d.is_ascii_alphabetic() || d == '%' {
                verb = Some(d);
                break;
            }
        }
        match verb {
            Some('%') => out.push('%'),
            Some('q') => out.push_str(
                &serde_json::to_string(&to_string(args.next().ok_or(Fail::Computed)?)?).unwrap_or_default(),
            ),
            Some('d') => out.push_str(&(to_f64(args.next().ok_or(Fail::Computed)?)? as i64).to_string()),
            Some(_) => {
                let v = args.next().ok_or(Fail::Computed)?;
                out.push_str(
                    &to_string(v).or_else(|_| serde_json::to_string(v).map_err(|_| Fail::Computed))?,
                );
            }
            None => return Err(Fail::Computed),
        }
    }
    Ok(out)
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// IPv4 `cidrsubnet(prefix, newbits, netnum)`.
fn cidrsubnet(prefix: &str, newbits: u32, netnum: u64) -> Result<String, Fail> {
    let (ip, len) = prefix.split_once('/').ok_or(Fail::Computed)?;
    let ip: std::net::Ipv4Addr = ip.parse().map_err(|_| Fail::Computed)?;
    let len: u32 = len.parse().map_err(|_| Fail::Computed)?;
    let new = len + newbits;
    if new > 32 || netnum >= 1u64 << newbits {
        return Err(Fail::Computed);
    }
    let base = u32::from(ip) & if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let net = base | ((netnum as u32) << (32 - new));
    Ok(format!("{}/{new}", std::net::Ipv4Addr::from(net)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(cidrsubnet("10.0.0.0/16", 8, 2).unwrap(), "10.0.2.0/24");
        assert_eq!(format("%s-%d %%", &[Value::from("a"), Value::from(3)]).unwrap(), "a-3 %");
        assert_eq!(base64(b"ndlint"), "bmRsaW50");
        assert_eq!(base64(b"ab"), "YWI=");
    }
}
