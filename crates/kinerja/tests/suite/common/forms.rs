// Helpers to read and fill the employee edit form (included by several test files).

/// The current values of the edit form of an employee.
use super::Client;
use reqwest::StatusCode;

pub async fn edit_form(c: &mut Client, id: i64) -> Vec<(String, String)> {
    let page = c.get(&format!("/admin/pegawai/{id}/ubah")).await;
    assert_eq!(page.status, StatusCode::OK);
    parse_form(&page.text)
}

pub fn parse_form(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input").skip(1) {
        let tag = part.split('>').next().unwrap();
        let attr = |name: &str| {
            tag.split(&format!("{name}=\""))
                .nth(1)
                .map(|r| r.split('"').next().unwrap().to_string())
        };
        let Some(name) = attr("name") else { continue };
        if name == "csrf" {
            continue;
        }
        if tag.contains("type=\"checkbox\"") {
            if tag.contains("checked") {
                out.push((name, "1".into()));
            }
            continue;
        }
        out.push((
            name,
            attr("value")
                .unwrap_or_default()
                .replace("&#x2f;", "/")
                .replace("&#47;", "/"),
        ));
    }
    for part in html.split("<select").skip(1) {
        let name = part
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let body = part.split("</select>").next().unwrap();
        let selected = body
            .split("<option")
            .find(|o| o.contains("selected"))
            .and_then(|o| o.split("value=\"").nth(1))
            .map(|v| v.split('"').next().unwrap().to_string())
            .unwrap_or_default();
        out.push((name, selected));
    }
    out
}

pub fn set(form: &mut Vec<(String, String)>, name: &str, value: &str) {
    form.retain(|(k, _)| k != name);
    form.push((name.to_string(), value.to_string()));
}

pub fn refs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}
