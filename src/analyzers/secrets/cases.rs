//! One case per provider format: a made-up value in the real format, built
//! at run time (so this file holds no string a secret rule would match), put
//! on a realistic line, found the way the signals pass finds it, and judged.

use super::rules::{SecretRule, Verdict, judge, rules};

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX: &str = "0123456789abcdef";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A deterministic pseudo-random string over `alphabet`.
pub fn rand(seed: u64, alphabet: &str, len: usize) -> String {
    let a = alphabet.as_bytes();
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            a[((x >> 33) % a.len() as u64) as usize] as char
        })
        .collect()
}

pub fn b64url(bytes: &[u8]) -> String {
    let a = URLSAFE.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..=n {
            out.push(a[((v >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A JWT with the given payload (header and signature made up).
pub fn jwt(payload: &str) -> String {
    format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(payload.as_bytes()),
        rand(99, URLSAFE, 43)
    )
}

fn rule(id: &str) -> &'static SecretRule {
    rules()
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

/// What the rule `id` makes of `line`, matched as the signals pass would.
fn verdict(id: &str, line: &str) -> Verdict {
    let r = rule(id);
    match r.regex.find(line.as_bytes()) {
        Some(m) => judge(r, &String::from_utf8_lossy(m.as_bytes()), line),
        None => Verdict::Dismissed,
    }
}

fn is_violation(id: &str, line: &str) -> bool {
    matches!(verdict(id, line), Verdict::Violation { .. })
}

fn is_note(id: &str, line: &str) -> bool {
    matches!(verdict(id, line), Verdict::Note { .. })
}

/// (rule id, a line holding a made-up value in that rule's format).
pub fn violation_cases() -> Vec<(&'static str, String)> {
    let r = rand;
    vec![
        (
            "aws-access-key-id",
            format!("aws_access_key_id = {}{}", "AKIA", r(1, UPPER32, 16)),
        ),
        (
            "aws-secret-access-key",
            format!("AWS_SECRET_ACCESS_KEY={}", r(2, B64, 40)),
        ),
        (
            "gcp-service-account-key",
            format!("  \"private_key_id\": \"{}\",", r(3, HEX, 40)),
        ),
        (
            "google-api-key",
            format!("const GEMINI = \"{}{}\";", "AIza", r(4, URLSAFE, 35)),
        ),
        (
            "firebase-cloud-messaging-key",
            format!(
                "serverKey: '{}{}:{}'",
                "AAAA",
                r(5, URLSAFE, 7),
                r(6, URLSAFE, 140)
            ),
        ),
        (
            "azure-storage-account-key",
            format!(
                "DefaultEndpointsProtocol=https;AccountName=acme;{}={}==;EndpointSuffix=core.windows.net",
                "AccountKey",
                r(7, B64, 86)
            ),
        ),
        (
            "azure-sql-connection-string",
            format!(
                "Server=tcp:acme.database.windows.net,1433;Database=app;User ID=app;Password={};",
                r(8, ALNUM, 16)
            ),
        ),
        (
            "digitalocean-token",
            format!("DO_TOKEN={}{}", "dop_v1_", r(9, HEX, 64)),
        ),
        (
            "cloudflare-api-token",
            format!("CLOUDFLARE_API_TOKEN={}", r(10, ALNUM, 40)),
        ),
        (
            "cloudflare-origin-ca-key",
            format!(
                "key = \"{}{}-{}\"",
                "v1.0-",
                r(11, HEX, 24),
                r(12, HEX, 146)
            ),
        ),
        (
            "vercel-token",
            format!("token: '{}{}'", "vcp_", r(13, ALNUM, 30)),
        ),
        (
            "vercel-token-assignment",
            format!("VERCEL_TOKEN={}", r(14, ALNUM, 24)),
        ),
        (
            "github-pat",
            format!("token = \"{}{}\"", "ghp_", r(15, ALNUM, 36)),
        ),
        (
            "github-oauth-token",
            format!("token = \"{}{}\"", "gho_", r(16, ALNUM, 36)),
        ),
        (
            "github-app-token",
            format!("token = \"{}{}\"", "ghs_", r(17, ALNUM, 36)),
        ),
        (
            "github-refresh-token",
            format!("token = \"{}{}\"", "ghr_", r(18, ALNUM, 76)),
        ),
        (
            "github-fine-grained-pat",
            format!(
                "token = \"{}{}_{}\"",
                "github_pat_",
                r(19, ALNUM, 22),
                r(20, ALNUM, 59)
            ),
        ),
        (
            "gitlab-pat",
            format!("GITLAB_TOKEN={}{}", "glpat-", r(21, URLSAFE, 20)),
        ),
        (
            "gitlab-token",
            format!("runner_token = \"{}{}\"", "glrt-", r(22, URLSAFE, 20)),
        ),
        (
            "npm-token",
            format!(
                "//registry.npmjs.org/:_authToken={}{}",
                "npm_",
                r(23, ALNUM, 36)
            ),
        ),
        (
            "pypi-token",
            format!(
                "password = {}{}",
                "pypi-AgEIcHlwaS5vcmc",
                r(24, URLSAFE, 70)
            ),
        ),
        (
            "dockerhub-pat",
            format!("DOCKER_PASSWORD={}{}", "dckr_pat_", r(25, URLSAFE, 27)),
        ),
        (
            "slack-token",
            format!(
                "SLACK_BOT_TOKEN={}{}-{}-{}",
                "xoxb-",
                r(26, "0123456789", 12),
                r(27, "0123456789", 13),
                r(28, ALNUM, 24)
            ),
        ),
        (
            "slack-webhook",
            format!(
                "url = \"https://{}/services/T{}/B{}/{}\"",
                "hooks.slack.com",
                r(29, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
                r(30, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10),
                r(31, ALNUM, 24)
            ),
        ),
        (
            "twilio-api-key",
            format!(
                "const twilioClient = twilio(\"{}{}\", secret);",
                "SK",
                r(32, HEX, 32)
            ),
        ),
        (
            "twilio-auth-token",
            format!("TWILIO_AUTH_TOKEN={}", r(33, HEX, 32)),
        ),
        (
            "sendgrid-api-key",
            format!(
                "sgMail.setApiKey('{}{}.{}');",
                "SG.",
                r(34, URLSAFE, 22),
                r(35, URLSAFE, 43)
            ),
        ),
        (
            "mailgun-api-key",
            format!("apiKey: '{}{}'", "key-", r(36, HEX, 32)),
        ),
        (
            "mailgun-api-key-assignment",
            format!(
                "MAILGUN_API_KEY={}-{}-{}",
                r(37, HEX, 32),
                r(38, HEX, 8),
                r(39, HEX, 8)
            ),
        ),
        (
            "postmark-server-token",
            format!(
                "POSTMARK_SERVER_TOKEN={}-{}-{}-{}-{}",
                r(40, HEX, 8),
                r(41, HEX, 4),
                r(42, HEX, 4),
                r(43, HEX, 4),
                r(44, HEX, 12)
            ),
        ),
        (
            "resend-api-key",
            format!(
                "new Resend('{}{}_{}')",
                "re_",
                r(45, ALNUM, 8),
                r(146, ALNUM, 24)
            ),
        ),
        (
            "stripe-live-secret-key",
            format!("stripe = Stripe('{}{}')", "sk_live_", r(47, ALNUM, 99)),
        ),
        (
            "stripe-live-restricted-key",
            format!("STRIPE_KEY={}{}", "rk_live_", r(48, ALNUM, 99)),
        ),
        (
            "stripe-webhook-secret",
            format!("STRIPE_WEBHOOK_SECRET={}{}", "whsec_", r(49, ALNUM, 32)),
        ),
        (
            "braintree-access-token",
            format!(
                "token = '{}{}${}'",
                "access_token$production$",
                r(50, "abcdefghijklmnopqrstuvwxyz0123456789", 16),
                r(51, HEX, 32)
            ),
        ),
        (
            "paypal-client-secret",
            format!("PAYPAL_CLIENT_SECRET={}", r(52, URLSAFE, 80)),
        ),
        (
            "square-access-token",
            format!("SQUARE_ACCESS_TOKEN={}{}", "EAAA", r(53, URLSAFE, 60)),
        ),
        (
            "square-oauth-secret",
            format!("secret = '{}{}'", "sq0csp-", r(54, URLSAFE, 43)),
        ),
        (
            "shopify-token",
            format!("X-Shopify-Access-Token: {}{}", "shpat_", r(55, HEX, 32)),
        ),
        (
            "openai-project-key",
            format!("OPENAI_API_KEY={}{}", "sk-proj-", r(56, URLSAFE, 120)),
        ),
        (
            "openai-legacy-key",
            format!(
                "openai.api_key = \"{}{}{}{}\"",
                "sk-",
                r(57, ALNUM, 20),
                "T3BlbkFJ",
                r(58, ALNUM, 20)
            ),
        ),
        (
            "anthropic-api-key",
            format!(
                "ANTHROPIC_API_KEY={}{}",
                "sk-ant-api03-",
                r(59, URLSAFE, 95)
            ),
        ),
        (
            "huggingface-token",
            format!("HF_TOKEN={}{}", "hf_", r(60, ALNUM, 34)),
        ),
        (
            "replicate-token",
            format!("REPLICATE_API_TOKEN={}{}", "r8_", r(61, ALNUM, 37)),
        ),
        (
            "supabase-jwt",
            format!(
                "const admin = createClient(url, '{}')",
                jwt(
                    r#"{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"service_role","iat":1700000000,"exp":2000000000}"#
                )
            ),
        ),
        (
            "supabase-secret-key",
            format!("SUPABASE_SECRET_KEY={}{}", "sb_secret_", r(62, URLSAFE, 32)),
        ),
        ("datadog-key", format!("DD_API_KEY={}", r(63, HEX, 32))),
        (
            "sentry-auth-token",
            format!("SENTRY_AUTH_TOKEN={}{}", "sntrys_", r(64, B64, 120)),
        ),
        (
            "private-key",
            format!(
                "-----BEGIN {}PRIVATE KEY-----\n{}\n{}",
                "RSA ",
                r(65, B64, 64),
                r(66, B64, 64)
            ),
        ),
        (
            "private-key",
            format!(
                "\"private_key\": \"-----BEGIN {}-----\\n{}\\n\",",
                "PRIVATE KEY",
                r(67, B64, 64)
            ),
        ),
        (
            "private-key",
            format!(
                "-----BEGIN {}PRIVATE KEY-----\n{}",
                "OPENSSH ",
                r(68, B64, 70)
            ),
        ),
        (
            "private-key",
            format!(
                "-----BEGIN PGP {} KEY BLOCK-----\nVersion: GnuPG v2\n\n{}",
                "PRIVATE",
                r(69, B64, 64)
            ),
        ),
        (
            "database-url-password",
            format!(
                "DATABASE_URL=postgresql://app:{}@db.prod-cluster.eu-west-1.rds.amazonaws.com:5432/app",
                r(70, ALNUM, 20)
            ),
        ),
        (
            "database-url-password",
            format!(
                "MONGO_URI=\"mongodb+srv://app:{}@cluster0.ab1cd.mongodb.net/app\"",
                r(71, ALNUM, 16)
            ),
        ),
        (
            "database-url-password",
            format!(
                "redis://default:{}@eu1-cache.upstash.io:6379",
                r(72, ALNUM, 24)
            ),
        ),
        (
            "database-url-password",
            format!(
                "mysql://root:{}@mysql.internal.acme.io/app",
                r(73, ALNUM, 14)
            ),
        ),
        (
            "signing-secret",
            format!("const JWT_SECRET = \"{}\";", r(74, ALNUM, 32)),
        ),
        (
            "signing-secret",
            format!("SECRET_KEY = '{}'", r(75, ALNUM, 50)),
        ),
        (
            "env-file-secret",
            format!("JWT_SECRET={}", r(76, ALNUM, 32)),
        ),
        (
            "env-file-secret",
            format!("export APP_KEY=\"base64:{}\"", r(77, B64, 44)),
        ),
    ]
}

#[test]
fn every_provider_format_is_found_as_a_violation() {
    let cases = violation_cases();
    let mut failed = Vec::new();
    for (id, line) in &cases {
        if !is_violation(id, line) {
            failed.push(format!("{id}: {:?}", verdict(id, line)));
        }
    }
    assert!(failed.is_empty(), "not violations:\n{}", failed.join("\n"));
    // Every rule except the note-only ones has a case.
    for r in rules() {
        assert!(
            r.note || cases.iter().any(|(id, _)| *id == r.id),
            "no case for {}",
            r.id
        );
    }
}

#[test]
fn placeholders_are_never_violations() {
    let r = rand;
    for (id, line) in [
        (
            "aws-access-key-id",
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE".to_string(),
        ),
        (
            "github-pat",
            format!("token = \"{}{}\"", "ghp_", "x".repeat(36)),
        ),
        (
            "stripe-live-secret-key",
            format!(
                "STRIPE_SECRET_KEY={}{}",
                "sk_live_", "your_stripe_secret_key_here"
            ),
        ),
        (
            "stripe-live-secret-key",
            format!("key = {}{}", "sk_live_", "0".repeat(24)),
        ),
        ("env-file-secret", "JWT_SECRET=changeme".to_string()),
        ("env-file-secret", "SECRET_KEY=changethis".to_string()),
        ("env-file-secret", "API_KEY=${API_KEY}".to_string()),
        (
            "env-file-secret",
            "OPENAI_API_KEY=<your-openai-key>".to_string(),
        ),
        ("env-file-secret", "DB_PASSWORD=postgres123".to_string()),
        ("env-file-secret", "TOKEN_TTL=86400000".to_string()),
        (
            "env-file-secret",
            "STRIPE_PUBLISHABLE_KEY=pk_live_abcdefgh12345678".to_string(),
        ),
        (
            "env-file-secret",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY=abcdefgh12345678".to_string(),
        ),
        (
            "env-file-secret",
            "SECRET_KEY=dummy-secret-for-dev".to_string(),
        ),
        (
            "env-file-secret",
            "PASSWORD_RESET_URL=https://acme.io/reset".to_string(),
        ),
        (
            "database-url-password",
            "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app".to_string(),
        ),
        (
            "database-url-password",
            format!("postgres://app:{}@db:5432/app", r(80, ALNUM, 20)),
        ),
        (
            "database-url-password",
            "postgresql://user:password@host.example.com/db".to_string(),
        ),
        (
            "database-url-password",
            "mongodb+srv://<user>:<password>@cluster0.mongodb.net".to_string(),
        ),
        (
            "database-url-password",
            "postgres://${PGUSER}:${PGPASSWORD}@${PGHOST}/app".to_string(),
        ),
        (
            "signing-secret",
            "JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaa'".to_string(),
        ),
        (
            "signing-secret",
            "secret: 'your-jwt-secret-goes-here-1'".to_string(),
        ),
        (
            "signing-secret",
            "secret_key = 'insecure-development-key-123'".to_string(),
        ),
        (
            "private-key",
            "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----".to_string(),
        ),
        (
            "private-key",
            format!("-----BEGIN RSA PRIVATE KEY-----\n{}", "A".repeat(64)),
        ),
        (
            "openai-legacy-key",
            format!(
                "key = \"{}{}\"",
                "sk-", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"
            ),
        ),
    ] {
        assert!(
            !is_violation(id, &line),
            "{id}: {line} -> {:?}",
            verdict(id, &line)
        );
    }
}

#[test]
fn test_keys_and_demo_keys_are_notes() {
    let r = rand;
    assert!(is_note(
        "stripe-test-key",
        &format!("STRIPE_SECRET_KEY={}{}", "sk_test_", r(90, ALNUM, 99))
    ));
    // The Supabase local demo keys (iss "supabase-demo"), both roles.
    for role in ["anon", "service_role"] {
        let token = jwt(&format!(
            r#"{{"iss":"supabase-demo","role":"{role}","exp":1983812996}}"#
        ));
        assert!(is_note("supabase-jwt", &format!("KEY={token}")));
    }
    // A project's anon key is public by design.
    let anon =
        jwt(r#"{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"anon","iat":1700000000}"#);
    assert!(is_note(
        "supabase-jwt",
        &format!("NEXT_PUBLIC_SUPABASE_ANON_KEY={anon}")
    ));
    // Other JWTs are not judged.
    let other = jwt(r#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#);
    assert!(matches!(
        verdict("supabase-jwt", &format!("Bearer {other}")),
        Verdict::Dismissed
    ));
    // Firebase web config keys are public by design.
    assert!(is_note(
        "google-api-key",
        &format!("  apiKey: \"{}{}\",", "AIza", r(91, URLSAFE, 35))
    ));
    assert!(is_note(
        "signing-secret",
        &format!("SECRET_KEY = '{}{}'", "django-insecure-", r(92, ALNUM, 40))
    ));
}

#[test]
fn hostile_matches_do_not_panic() {
    for r in rules() {
        for s in [
            "",
            "\u{0}",
            "eyJ.eyJ.",
            "-----BEGIN",
            "é😀",
            "postgres://:@",
        ] {
            let _ = judge(r, s, s);
        }
    }
    let _ = super::rules::base64url_decode("eyJ\u{ff}");
}
