#!/usr/bin/env python3
"""Deterministic generator of a large synthetic monorepo for benchmarking infragap.

    python3 bench/gen_tree.py OUT_DIR [--files 60000] [--mb 550] [--seed N]

The same arguments always produce the same bytes. The tree mixes TypeScript
(React components, Next.js and Express route handlers, tests), JavaScript,
Python (Django and FastAPI services, pytest), Go, Ruby, PHP, Rust, SQL
migrations, YAML (workflows, Kubernetes, compose, OpenAPI), manifests,
Unicode-heavy locale JSON, Markdown, lock files, minified bundles and
binaries. `node_modules/`, `dist/`, `.next/`, `coverage/`, `target/`,
`build/`, `tmp/` and `*.log` are present but listed in the root
`.gitignore`, so a gitignore-aware scanner must skip them.

Things infragap looks for (Sentry, pino, Redis, Stripe and OpenAI imports,
`process.env.X`, `describe(`/`it(`, `CREATE TABLE`/`REFERENCES`, `fetch(`)
appear at low, roughly realistic densities.

Everything here is synthetic and generated from hand-written word lists.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import sys
import time
from collections import defaultdict

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

NOUNS = (
    "user account order invoice payment cart product session team project report "
    "webhook subscription notification message comment audit export search tenant "
    "role permission token upload shipment address coupon refund ledger metric event "
    "job schedule profile setting plan quota workspace document folder tag review "
    "rating inventory warehouse supplier customer catalog price discount checkout "
    "billing integration channel thread attachment reminder calendar booking ticket "
    "incident alert dashboard widget feature experiment segment cohort campaign lead "
    "contact organization member invite device credential"
).split()
VERBS = (
    "get list create update delete sync load save build parse validate render compute "
    "resolve publish archive restore merge export import refresh schedule cancel approve "
    "reject assign notify track"
).split()
ADJS = (
    "active pending archived primary default recent shared public private internal "
    "external draft verified expired upcoming"
).split()
AREAS = (
    "auth billing catalog checkout dashboard settings admin onboarding reports search "
    "support analytics inbox team profile orders shipping"
).split()
ENV_VARS = (
    "DATABASE_URL REDIS_URL SENTRY_DSN STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET "
    "OPENAI_API_KEY LOG_LEVEL PORT NODE_ENV JWT_SECRET S3_BUCKET AWS_REGION SMTP_HOST "
    "SMTP_PASSWORD FEATURE_FLAGS_URL API_BASE_URL NEXT_PUBLIC_API_URL "
    "OTEL_EXPORTER_OTLP_ENDPOINT RATE_LIMIT_PER_MINUTE SESSION_TTL_SECONDS "
    "CORS_ORIGINS QUEUE_CONCURRENCY CACHE_TTL WORKER_POOL_SIZE ANALYTICS_WRITE_KEY"
).split()
EN_WORDS = (
    "the service handles requests from clients and stores results in a database "
    "each worker reads jobs from the queue retries failed attempts with backoff "
    "configuration comes from environment variables and is validated at startup "
    "this module exposes a small api for other packages to use when they need "
    "consistent behaviour across deployments make sure the migration runs before "
    "the new version is rolled out tests cover the happy path and common errors "
    "logs are structured so they can be searched by request id and tenant the "
    "cache is warmed on boot and invalidated when records change we keep the "
    "handler thin and move logic into services that are easy to test in isolation"
).split()
TS_TYPES = ["string", "number", "boolean", "Date", "string[]", "number | null",
            "Record<string, unknown>", "'draft' | 'active' | 'archived'"]
PY_TYPES = ["str", "int", "bool", "float", "datetime", "list[str]", "dict[str, Any]", "str | None"]
GO_TYPES = ["string", "int64", "bool", "float64", "time.Time", "[]string", "map[string]string"]
RS_TYPES = ["String", "i64", "bool", "f64", "Vec<String>", "Option<String>", "u32"]
SQL_TYPES = ["text", "integer", "bigint", "boolean", "timestamptz", "jsonb", "numeric(12,2)", "uuid", "varchar(255)"]
SUFFIXES = ["core", "ui", "client", "sdk", "utils", "hooks", "schema", "config", "server",
            "store", "api", "kit", "forms", "charts", "auth", "events"]

# Hand-written phrase fragments per locale; combined at random into messages.
LATIN_LOCALES = {
    "de": "Konto Einstellungen speichern löschen Bestellung Rechnung Übersicht Größe "
          "Zahlung erfolgreich fehlgeschlagen Straße Benutzer hinzufügen Änderungen "
          "verwerfen bestätigen schließen Überprüfung für über zurück weiter",
    "fr": "compte paramètres enregistrer supprimer commande facture aperçu réussi échec "
          "utilisateur ajouter modifications annuler confirmer fermer élément à été "
          "créé déjà prêt reçu sécurité mot de passe oublié",
    "es": "cuenta configuración guardar eliminar pedido factura resumen pago exitoso "
          "falló usuario añadir cambios cancelar confirmar cerrar contraseña envío "
          "información también aquí está año más",
    "pt-BR": "conta configurações salvar excluir pedido fatura visão pagamento concluído "
             "falhou usuário adicionar alterações cancelar confirmar fechar senha não "
             "informação ação já você está",
    "it": "account impostazioni salva elimina ordine fattura panoramica pagamento "
          "riuscito fallito utente aggiungi modifiche annulla conferma chiudi perché "
          "più già città attività",
    "pl": "konto ustawienia zapisz usuń zamówienie faktura przegląd płatność udana "
          "nieudana użytkownik dodaj zmiany anuluj potwierdź zamknij hasło już więcej "
          "żółty łódź źródło",
    "cs": "účet nastavení uložit smazat objednávka faktura přehled platba úspěšná "
          "selhala uživatel přidat změny zrušit potvrdit zavřít heslo příliš čtvrtek",
    "tr": "hesap ayarlar kaydet sil sipariş fatura genel ödeme başarılı başarısız "
          "kullanıcı ekle değişiklikler iptal onayla kapat şifre ığdır çok güzel",
    "vi": "tài khoản cài đặt lưu xoá đơn hàng hoá đơn tổng quan thanh toán thành công "
          "thất bại người dùng thêm thay đổi huỷ xác nhận đóng mật khẩu",
    "hu": "fiók beállítások mentés törlés rendelés számla áttekintés fizetés sikeres "
          "sikertelen felhasználó hozzáadás változások mégse megerősítés bezárás jelszó őrző",
    "ro": "cont setări salvează șterge comandă factură prezentare plată reușită eșuată "
          "utilizator adaugă modificări anulează confirmă închide parolă",
    "sv": "konto inställningar spara ta bort beställning faktura översikt betalning "
          "lyckades misslyckades användare lägg till ändringar avbryt bekräfta stäng lösenord",
    "fi": "tili asetukset tallenna poista tilaus lasku yleiskatsaus maksu onnistui "
          "epäonnistui käyttäjä lisää muutokset peruuta vahvista sulje salasana äänestys",
}
WORD_LOCALES = {
    "ru": "аккаунт настройки сохранить удалить заказ счёт обзор оплата успешно ошибка "
          "пользователь добавить изменения отменить подтвердить закрыть пароль ещё",
    "uk": "обліковий запис налаштування зберегти видалити замовлення рахунок огляд "
          "оплата успішно помилка користувач додати зміни скасувати підтвердити їжак ґанок",
    "bg": "профил настройки запази изтрий поръчка фактура преглед плащане успешно "
          "неуспешно потребител добави промени откажи потвърди затвори парола",
    "el": "λογαριασμός ρυθμίσεις αποθήκευση διαγραφή παραγγελία τιμολόγιο επισκόπηση "
          "πληρωμή επιτυχής αποτυχία χρήστης προσθήκη αλλαγές ακύρωση επιβεβαίωση κλείσιμο",
    "ar": "الحساب الإعدادات حفظ حذف الطلب الفاتورة نظرة عامة الدفع نجح فشل المستخدم "
          "إضافة التغييرات إلغاء تأكيد إغلاق كلمة المرور",
    "he": "חשבון הגדרות שמירה מחיקה הזמנה חשבונית סקירה תשלום הצליח נכשל משתמש הוספה "
          "שינויים ביטול אישור סגירה סיסמה",
    "fa": "حساب تنظیمات ذخیره حذف سفارش فاکتور نمای کلی پرداخت موفق ناموفق کاربر افزودن "
          "تغییرات لغو تأیید بستن گذرواژه",
    "hi": "खाता सेटिंग्स सहेजें हटाएँ ऑर्डर चालान अवलोकन भुगतान सफल विफल उपयोगकर्ता जोड़ें "
          "बदलाव रद्द करें पुष्टि बंद करें पासवर्ड",
    "bn": "অ্যাকাউন্ট সেটিংস সংরক্ষণ মুছুন অর্ডার চালান সংক্ষিপ্ত বিবরণ পেমেন্ট সফল ব্যর্থ "
          "ব্যবহারকারী যোগ করুন পরিবর্তন বাতিল নিশ্চিত বন্ধ পাসওয়ার্ড",
    "th": "บัญชี การตั้งค่า บันทึก ลบ คำสั่งซื้อ ใบแจ้งหนี้ ภาพรวม การชำระเงิน สำเร็จ "
          "ล้มเหลว ผู้ใช้ เพิ่ม การเปลี่ยนแปลง ยกเลิก ยืนยัน ปิด รหัสผ่าน",
}
# Scripts without spaces: messages are runs of these characters.
CHAR_LOCALES = {
    "ja": "アカウント設定保存削除注文請求書概要支払いが完了しました失敗ユーザー追加変更"
          "キャンセル確認閉じるパスワードをお忘れですかこのページは表示できません",
    "zh-CN": "账户设置保存删除订单发票概览支付成功失败用户添加更改取消确认关闭密码"
             "忘记了吗此页面无法显示请稍后再试正在加载",
    "zh-TW": "帳戶設定儲存刪除訂單發票概覽付款成功失敗使用者新增變更取消確認關閉密碼"
             "忘記了嗎此頁面無法顯示請稍後再試正在載入",
    "ko": "계정설정저장삭제주문청구서개요결제성공실패사용자추가변경취소확인닫기비밀번호"
          "를잊으셨나요이페이지를표시할수없습니다",
}
EMOJI = ["🎉", "✅", "⚠️", "🚀", "📦", "🔒", "👋", "✨", "❌", "💳"]

JS_PKGS = ["react", "react-dom", "next", "express", "zod", "lodash", "date-fns", "axios",
           "clsx", "swr", "@tanstack/react-query", "jsonwebtoken", "bcryptjs", "uuid",
           "dotenv", "cors", "helmet", "body-parser", "@prisma/client", "graphql"]
JS_DEV_PKGS = ["typescript", "vitest", "jest", "@types/node", "@types/react", "eslint",
               "prettier", "ts-node", "@testing-library/react", "playwright", "tsup"]
JS_OPS_PKGS = ["@sentry/node", "@sentry/nextjs", "pino", "ioredis", "redis", "stripe",
               "openai", "@opentelemetry/api", "prom-client", "winston", "express-rate-limit"]


def slug(*parts: str) -> str:
    return "-".join(parts)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def camel(v: str, n: str) -> str:
    return v + cap(n)


# ---------------------------------------------------------------------------
# Output context
# ---------------------------------------------------------------------------


class Ctx:
    def __init__(self, out: str, seed: int, files: int, mb: float):
        self.out = out
        self.seed = seed
        self.target_files = files
        self.target_bytes = int(mb * 1024 * 1024)
        self.dirs: set[str] = set()
        self.used: set[str] = set()
        self.stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.files = 0
        self.bytes = 0
        r = self.rng("layout")
        n_pkgs = max(6, files // 150)
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < n_pkgs:
            nm = slug(r.choice(NOUNS), r.choice(SUFFIXES))
            if nm not in seen:
                seen.add(nm)
                names.append(nm)
        self.packages = names
        self.next_apps = ["apps/web", "apps/admin", "apps/docs-site"]
        self.node_apps = ["apps/api", "apps/worker", "apps/mobile-bff"]
        self.py_services = [
            (f"services/{n}-service", "django" if i % 2 == 0 else "fastapi")
            for i, n in enumerate(r.sample(NOUNS, max(2, files // 6000)))
        ]
        self.go_services = [f"services/{n}-gateway" for n in r.sample(NOUNS, max(2, files // 8000))]
        self.crates = [slug(n, "engine") for n in r.sample(NOUNS, max(2, files // 8000))]
        self.locales = (list(LATIN_LOCALES) + list(WORD_LOCALES) + list(CHAR_LOCALES) + ["en"])

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def unique(self, rel: str) -> str:
        if rel not in self.used:
            self.used.add(rel)
            return rel
        base, dot, ext = rel.rpartition(".")
        if not dot or "/" in ext:
            base, ext = rel, ""
        i = 2
        while True:
            cand = f"{base}-{i}.{ext}" if ext else f"{base}-{i}"
            if cand not in self.used:
                self.used.add(cand)
                return cand
            i += 1

    def write(self, rel: str, data, cat: str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = os.path.join(self.out, rel)
        d = os.path.dirname(path)
        if d not in self.dirs:
            os.makedirs(d, exist_ok=True)
            self.dirs.add(d)
        with open(path, "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)
        st = self.stats[cat]
        st[0] += 1
        st[1] += len(data)


def sizes(r: random.Random, n: int, total: int, lo: int, hi: int, sigma: float = 0.9) -> list[int]:
    """n sizes, log-normally spread, clamped to [lo, hi], summing to about total."""
    if n <= 0:
        return []
    raw = [r.lognormvariate(0.0, sigma) for _ in range(n)]
    out = raw
    target = total
    for _ in range(4):
        s = sum(raw)
        scale = target / s if s else 0
        out = [min(hi, max(lo, int(x * scale))) for x in raw]
        diff = total - sum(out)
        if abs(diff) < total * 0.01:
            break
        target += diff
    return out


def fill(r: random.Random, target: int, head: str, block, tail: str = "") -> str:
    parts = [head]
    n = len(head) + len(tail)
    while n < target:
        b = block(r)
        parts.append(b)
        n += len(b)
    parts.append(tail)
    return "".join(parts)


# ---------------------------------------------------------------------------
# TypeScript / JavaScript
# ---------------------------------------------------------------------------


def ts_ops_imports(r: random.Random) -> list[str]:
    out = []
    if r.random() < 0.03:
        out.append(r.choice(["import * as Sentry from '@sentry/node';",
                             "import * as Sentry from '@sentry/nextjs';",
                             "import { captureException } from '@sentry/react';"]))
    if r.random() < 0.04:
        out.append(r.choice(["import pino from 'pino';", "import { logger } from '@acme/logger';",
                             "import winston from 'winston';"]))
    if r.random() < 0.03:
        out.append(r.choice(["import Redis from 'ioredis';", "import { createClient } from 'redis';"]))
    if r.random() < 0.015:
        out.append("import Stripe from 'stripe';")
    if r.random() < 0.01:
        out.append("import OpenAI from 'openai';")
    if r.random() < 0.02:
        out.append("import { trace, context } from '@opentelemetry/api';")
    return out


def ts_interface(r: random.Random) -> str:
    n = r.choice(NOUNS)
    fields = "".join(f"  {r.choice(NOUNS)}{cap(r.choice(ADJS))}{'?' if r.random() < 0.3 else ''}: {r.choice(TS_TYPES)};\n"
                     for _ in range(r.randint(2, 8)))
    return f"\nexport interface {cap(r.choice(ADJS))}{cap(n)} {{\n  id: string;\n{fields}}}\n"


def ts_function(r: random.Random, env: bool, net: bool) -> str:
    v, n = r.choice(VERBS), r.choice(NOUNS)
    lines = [f"\n/**\n * {cap(' '.join(r.sample(EN_WORDS, 8)))}.\n */\n",
             f"export async function {camel(v, n)}(id: string, opts: {{ limit?: number }} = {{}}) {{\n",
             f"  const limit = opts.limit ?? {r.choice([10, 20, 50, 100])};\n"]
    if env:
        var = r.choice(ENV_VARS)
        lines.append(f"  const base = process.env.{var} ?? '{r.choice(['http://localhost:3000', ''])}';\n")
    if net:
        lines.append(f"  const res = await fetch(`${{API_URL}}/{n}s/${{id}}?limit=${{limit}}`, {{ headers: {{ accept: 'application/json' }} }});\n"
                     f"  if (!res.ok) throw new Error(`{v} {n} failed: ${{res.status}}`);\n"
                     f"  const body = (await res.json()) as {cap(n)}[];\n")
    else:
        lines.append(f"  const body = await db.{n}.findMany({{ where: {{ {r.choice(NOUNS)}Id: id }}, take: limit }});\n")
    lines.append(f"  return body.filter((x) => x.{r.choice(ADJS)} !== undefined).map((x) => ({{ ...x, {r.choice(NOUNS)}: x.id }}));\n}}\n")
    return "".join(lines)


def ts_class(r: random.Random) -> str:
    n = r.choice(NOUNS)
    methods = []
    for _ in range(r.randint(2, 5)):
        v = r.choice(VERBS)
        methods.append(
            f"  async {camel(v, n)}(input: {cap(n)}Input): Promise<{cap(n)}> {{\n"
            f"    const existing = await this.repo.findOne({{ id: input.id }});\n"
            f"    if (!existing) {{\n      throw new NotFoundError('{n}', input.id);\n    }}\n"
            f"    const next = {{ ...existing, ...input, updatedAt: new Date() }};\n"
            f"    await this.repo.save(next);\n    this.events.emit('{n}.{v}', next);\n    return next;\n  }}\n")
    return (f"\nexport class {cap(n)}Service {{\n  constructor(private readonly repo: Repository<{cap(n)}>, "
            f"private readonly events: EventBus) {{}}\n\n" + "\n".join(methods) + "}\n")


def ts_const(r: random.Random) -> str:
    n = r.choice(NOUNS)
    items = ",\n".join(f"  {r.choice(ADJS).upper()}_{r.choice(NOUNS).upper()}: '{r.choice(NOUNS)}.{r.choice(VERBS)}'"
                       for _ in range(r.randint(3, 9)))
    return f"\nexport const {n.upper()}_EVENTS = {{\n{items},\n}} as const;\n"


def ts_lib_block(r: random.Random) -> str:
    k = r.random()
    if k < 0.3:
        return ts_interface(r)
    if k < 0.65:
        return ts_function(r, r.random() < 0.02, r.random() < 0.03)
    if k < 0.85:
        return ts_class(r)
    return ts_const(r)


def gen_ts_lib(r: random.Random, target: int) -> str:
    imps = [f"import {{ {cap(r.choice(NOUNS))} }} from '../{r.choice(NOUNS)}';",
            f"import {{ z }} from 'zod';"] + ts_ops_imports(r)
    if r.random() < 0.3:
        imps.append("import { db } from '@acme/db';")
    head = "\n".join(imps) + "\n\nconst API_URL = '/api';\n"
    if r.random() < 0.04:
        head += f"const {r.choice(ENV_VARS)} = process.env.{r.choice(ENV_VARS)};\n"
    return fill(r, target, head, ts_lib_block)


def tsx_component_block(r: random.Random) -> str:
    n = r.choice(NOUNS)
    p = cap(r.choice(ADJS)) + cap(n)
    a, b = r.sample(NOUNS, 2)
    fetch_part = ""
    if r.random() < 0.04:
        fetch_part = (f"  useEffect(() => {{\n    let cancelled = false;\n"
                      f"    fetch(`/api/{n}s/${{{a}}}`)\n      .then((r) => r.json())\n"
                      f"      .then((data) => {{ if (!cancelled) set{cap(b)}(data); }});\n"
                      f"    return () => {{ cancelled = true; }};\n  }}, [{a}]);\n")
    rows = "".join(f"        <li key=\"{r.choice(NOUNS)}\" className=\"text-sm text-gray-{r.choice([500, 600, 700])}\">{{t('{n}.{r.choice(NOUNS)}')}}</li>\n"
                   for _ in range(r.randint(1, 5)))
    return (f"\ninterface {p}Props {{\n  {a}: string;\n  {b}?: {r.choice(TS_TYPES)};\n  onChange?: (value: string) => void;\n}}\n\n"
            f"export function {p}({{ {a}, {b}, onChange }}: {p}Props) {{\n"
            f"  const {{ t }} = useTranslation('{n}');\n"
            f"  const [{b}State, set{cap(b)}] = useState<{r.choice(TS_TYPES)} | undefined>(undefined);\n"
            f"  const [open, setOpen] = useState(false);\n{fetch_part}"
            f"  const label = useMemo(() => `${{{a}}}-{n}`, [{a}]);\n\n"
            f"  return (\n    <section className=\"{n}-{r.choice(['card', 'panel', 'list', 'row'])} rounded-lg border p-4\">\n"
            f"      <h3 className=\"font-medium\">{{label}}</h3>\n      <ul>\n{rows}      </ul>\n"
            f"      <button type=\"button\" onClick={{() => {{ setOpen(!open); onChange?.(label); }}}}>\n"
            f"        {{t('{n}.{r.choice(VERBS)}')}}\n      </button>\n    </section>\n  );\n}}\n")


def gen_tsx(r: random.Random, target: int) -> str:
    imps = ["import { useEffect, useMemo, useState } from 'react';",
            "import { useTranslation } from 'react-i18next';"]
    if r.random() < 0.3:
        imps.insert(0, "'use client';\n")
    if r.random() < 0.02:
        imps.append("import * as Sentry from '@sentry/nextjs';")
    head = "\n".join(imps) + "\n"
    return fill(r, target, head, tsx_component_block)


def next_route_block(r: random.Random) -> str:
    n = r.choice(NOUNS)
    method = r.choice(["GET", "POST", "PUT", "DELETE", "PATCH"])
    body = ""
    if method in ("POST", "PUT", "PATCH"):
        body = (f"  const json = await request.json();\n  const parsed = {cap(n)}Schema.safeParse(json);\n"
                f"  if (!parsed.success) {{\n    return NextResponse.json({{ error: parsed.error.flatten() }}, {{ status: 400 }});\n  }}\n")
    return (f"\nexport async function {method}(request: Request, {{ params }}: {{ params: {{ id: string }} }}) {{\n"
            f"  const session = await getSession(request);\n"
            f"  if (!session) return NextResponse.json({{ error: 'unauthorized' }}, {{ status: 401 }});\n{body}"
            f"  const result = await {camel(r.choice(VERBS), n)}(params.id);\n"
            f"  return NextResponse.json(result);\n}}\n")


def express_block(r: random.Random) -> str:
    n = r.choice(NOUNS)
    m = r.choice(["get", "post", "put", "delete"])
    path = r.choice([f"/{n}s", f"/{n}s/:id", f"/{n}s/:id/{r.choice(NOUNS)}s"])
    return (f"\nrouter.{m}('{path}', requireAuth, async (req, res, next) => {{\n  try {{\n"
            f"    const item = await {n}Service.{camel(r.choice(VERBS), n)}(req.params.id, req.body);\n"
            f"    if (!item) {{\n      return res.status(404).json({{ error: 'not_found' }});\n    }}\n"
            f"    res.status({200 if m != 'post' else 201}).json(item);\n  }} catch (err) {{\n    next(err);\n  }}\n}});\n")


def gen_route(r: random.Random, target: int, kind: str) -> str:
    if kind == "next":
        imps = ["import { NextResponse } from 'next/server';", "import { getSession } from '@/lib/auth';"]
        imps += ts_ops_imports(r)
        head = "\n".join(imps) + "\n"
        if r.random() < 0.08:
            head += f"\nconst secret = process.env.{r.choice(ENV_VARS)}!;\n"
        return fill(r, target, head, next_route_block)
    imps = ["import { Router } from 'express';", "import { requireAuth } from '../middleware/auth';"]
    imps += ts_ops_imports(r)
    head = "\n".join(imps) + "\n\nexport const router = Router();\n"
    return fill(r, target, head, express_block, "\nexport default router;\n")


def ts_test_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    its = []
    for _ in range(r.randint(2, 6)):
        a = r.choice(ADJS)
        its.append(f"  it('{v}s a {a} {n}', async () => {{\n"
                   f"    const {n} = make{cap(n)}({{ status: '{a}' }});\n"
                   f"    const result = await {camel(v, n)}({n}.id);\n"
                   f"    expect(result).toBeDefined();\n    expect(result.{r.choice(NOUNS)}).toEqual({n}.id);\n  }});\n")
    if r.random() < 0.3:
        its.append(f"  test('rejects unknown {n}', async () => {{\n    await expect({camel(v, n)}('missing')).rejects.toThrow();\n  }});\n")
    return (f"\ndescribe('{camel(v, n)}', () => {{\n  beforeEach(() => {{\n    vi.resetAllMocks();\n  }});\n\n"
            + "\n".join(its) + "});\n")


def gen_ts_test(r: random.Random, target: int) -> str:
    head = ("import { describe, it, expect, beforeEach, vi, test } from 'vitest';\n"
            if r.random() < 0.6 else "import { jest } from '@jest/globals';\n")
    head += f"import {{ {camel(r.choice(VERBS), r.choice(NOUNS))} }} from '../{r.choice(NOUNS)}';\n"
    return fill(r, target, head, ts_test_block)


def js_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    env = f"  const url = process.env.{r.choice(ENV_VARS)} || 'http://localhost';\n" if r.random() < 0.03 else ""
    return (f"\nfunction {camel(v, n)}(items, options) {{\n{env}  options = options || {{}};\n"
            f"  var out = [];\n  for (var i = 0; i < items.length; i++) {{\n"
            f"    if (items[i].{r.choice(ADJS)}) {{\n      out.push(Object.assign({{}}, items[i], {{ {r.choice(NOUNS)}: i }}));\n    }}\n  }}\n"
            f"  return out;\n}}\nmodule.exports.{camel(v, n)} = {camel(v, n)};\n")


def gen_js(r: random.Random, target: int) -> str:
    head = "'use strict';\n\nconst path = require('path');\n"
    if r.random() < 0.03:
        head += r.choice(["const pino = require('pino');\n", "const Sentry = require('@sentry/node');\n",
                          "const Redis = require('ioredis');\n"])
    return fill(r, target, head, js_block)


# ---------------------------------------------------------------------------
# Python
# ---------------------------------------------------------------------------


def py_ops_imports(r: random.Random) -> list[str]:
    out = []
    if r.random() < 0.03:
        out.append("import sentry_sdk")
    if r.random() < 0.03:
        out.append(r.choice(["import structlog", "import logging"]))
    if r.random() < 0.03:
        out.append(r.choice(["import redis", "from redis import Redis"]))
    if r.random() < 0.015:
        out.append("import stripe")
    if r.random() < 0.015:
        out.append("from openai import OpenAI")
    if r.random() < 0.08:
        out.append(r.choice(["import httpx", "import requests"]))
    return out


def django_block(r: random.Random) -> str:
    n = r.choice(NOUNS)
    k = r.random()
    if k < 0.45:
        fields = "".join(f"    {r.choice(NOUNS)}_{r.choice(ADJS)} = models.{r.choice(['CharField(max_length=200)', 'IntegerField(default=0)', 'BooleanField(default=False)', 'DateTimeField(auto_now_add=True)', 'JSONField(default=dict)', 'ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)'])}\n"
                         for _ in range(r.randint(2, 7)))
        return (f"\n\nclass {cap(r.choice(ADJS))}{cap(n)}(models.Model):\n"
                f"    \"\"\"{cap(' '.join(r.sample(EN_WORDS, 7)))}.\"\"\"\n\n{fields}\n"
                f"    class Meta:\n        ordering = [\"-id\"]\n\n"
                f"    def __str__(self) -> str:\n        return f\"{n} {{self.pk}}\"\n")
    if k < 0.8:
        return (f"\n\nclass {cap(n)}ViewSet(viewsets.ModelViewSet):\n"
                f"    queryset = {cap(n)}.objects.select_related(\"{r.choice(NOUNS)}\").all()\n"
                f"    serializer_class = {cap(n)}Serializer\n    permission_classes = [IsAuthenticated]\n\n"
                f"    def get_queryset(self):\n        qs = super().get_queryset()\n"
                f"        status = self.request.query_params.get(\"status\")\n"
                f"        if status:\n            qs = qs.filter(status=status)\n        return qs\n")
    return (f"\n\nclass {cap(n)}Serializer(serializers.ModelSerializer):\n    class Meta:\n"
            f"        model = {cap(n)}\n        fields = [\"id\", \"{r.choice(NOUNS)}\", \"{r.choice(NOUNS)}\", \"created_at\"]\n"
            f"        read_only_fields = [\"id\", \"created_at\"]\n")


def fastapi_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    k = r.random()
    if k < 0.4:
        fields = "".join(f"    {r.choice(NOUNS)}_{r.choice(ADJS)}: {r.choice(PY_TYPES)}{' = None' if r.random() < 0.3 else ''}\n"
                         for _ in range(r.randint(2, 7)))
        return f"\n\nclass {cap(n)}{r.choice(['In', 'Out', 'Update', 'Query'])}(BaseModel):\n    id: int\n{fields}"
    net = ""
    if r.random() < 0.03:
        net = (f"    async with httpx.AsyncClient(timeout=10) as client:\n"
               f"        resp = await client.get(f\"{{settings.api_base_url}}/{n}s/{{item_id}}\")\n"
               f"        resp.raise_for_status()\n")
    return (f"\n\n@router.{r.choice(['get', 'post', 'put', 'delete'])}(\"/{n}s/{{item_id}}\", response_model={cap(n)}Out)\n"
            f"async def {v}_{n}(item_id: int, db: AsyncSession = Depends(get_db)) -> {cap(n)}Out:\n"
            f"    \"\"\"{cap(' '.join(r.sample(EN_WORDS, 6)))}.\"\"\"\n{net}"
            f"    row = await db.get({cap(n)}, item_id)\n    if row is None:\n"
            f"        raise HTTPException(status_code=404, detail=\"{n} not found\")\n"
            f"    return {cap(n)}Out.model_validate(row)\n")


def gen_py(r: random.Random, target: int, flavour: str) -> str:
    if flavour == "django":
        imps = ["from django.conf import settings", "from django.db import models",
                "from rest_framework import serializers, viewsets",
                "from rest_framework.permissions import IsAuthenticated"]
        block = django_block
    else:
        imps = ["from typing import Any", "from datetime import datetime",
                "from fastapi import APIRouter, Depends, HTTPException",
                "from pydantic import BaseModel", "from sqlalchemy.ext.asyncio import AsyncSession"]
        block = fastapi_block
    imps = ["from __future__ import annotations", "", "import os"] + py_ops_imports(r) + [""] + imps
    head = "\n".join(imps) + "\n"
    if flavour != "django":
        head += "\nrouter = APIRouter()\n"
    if r.random() < 0.06:
        head += f"\n{r.choice(ENV_VARS)} = os.environ.get(\"{r.choice(ENV_VARS)}\", \"\")\n"
    if r.random() < 0.02:
        head += f"\nAPI_KEY = os.getenv(\"{r.choice(ENV_VARS)}\")\n"
    return fill(r, target, head, block)


PY_MARKS = ['django_db', 'asyncio', 'parametrize("status", ["active", "draft"])']


def py_test_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    mark = r.choice(PY_MARKS)
    return (f"\n\n@pytest.mark.{mark}\n"
            f"def test_{v}_{n}_{r.choice(ADJS)}(client, {n}_factory):\n"
            f"    {n} = {n}_factory(status=\"{r.choice(ADJS)}\")\n"
            f"    resp = client.get(f\"/api/{n}s/{{{n}.id}}\")\n"
            f"    assert resp.status_code == 200\n    assert resp.json()[\"id\"] == {n}.id\n")


def gen_py_test(r: random.Random, target: int) -> str:
    head = "import pytest\n\nfrom app.factories import *  # noqa: F401,F403\n"
    return fill(r, target, head, py_test_block)


# ---------------------------------------------------------------------------
# Go, Ruby, PHP, Rust
# ---------------------------------------------------------------------------


def go_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    if r.random() < 0.35:
        fields = "".join(f"\t{cap(r.choice(NOUNS))}{cap(r.choice(ADJS))} {r.choice(GO_TYPES)} `json:\"{r.choice(NOUNS)}_{r.choice(ADJS)}\"`\n"
                         for _ in range(r.randint(2, 7)))
        return f"\n// {cap(n)} {' '.join(r.sample(EN_WORDS, 7))}.\ntype {cap(r.choice(ADJS))}{cap(n)} struct {{\n\tID string `json:\"id\"`\n{fields}}}\n"
    env = f"\tlimit := os.Getenv(\"{r.choice(ENV_VARS)}\")\n\t_ = limit\n" if r.random() < 0.03 else ""
    return (f"\nfunc (h *Handler) {cap(v)}{cap(n)}(w http.ResponseWriter, r *http.Request) {{\n"
            f"\tctx, cancel := context.WithTimeout(r.Context(), {r.choice([2, 5, 10, 30])}*time.Second)\n\tdefer cancel()\n{env}"
            f"\tid := r.PathValue(\"id\")\n\titem, err := h.store.{cap(v)}{cap(n)}(ctx, id)\n"
            f"\tif err != nil {{\n\t\tif errors.Is(err, sql.ErrNoRows) {{\n\t\t\thttp.Error(w, \"not found\", http.StatusNotFound)\n\t\t\treturn\n\t\t}}\n"
            f"\t\th.log.Error(\"{v} {n}\", \"err\", err)\n\t\thttp.Error(w, \"internal error\", http.StatusInternalServerError)\n\t\treturn\n\t}}\n"
            f"\tw.Header().Set(\"Content-Type\", \"application/json\")\n\t_ = json.NewEncoder(w).Encode(item)\n}}\n")


def gen_go(r: random.Random, target: int, pkg: str) -> str:
    imps = ["context", "database/sql", "encoding/json", "errors", "net/http", "os", "time"]
    extra = []
    if r.random() < 0.03:
        extra.append("github.com/getsentry/sentry-go")
    if r.random() < 0.03:
        extra.append("github.com/redis/go-redis/v9")
    if r.random() < 0.015:
        extra.append("github.com/stripe/stripe-go/v76")
    if r.random() < 0.03:
        extra.append("go.uber.org/zap")
    body = "".join(f"\t\"{i}\"\n" for i in imps)
    if extra:
        body += "\n" + "".join(f"\t\"{i}\"\n" for i in extra)
    head = f"package {pkg}\n\nimport (\n{body})\n"
    return fill(r, target, head, go_block)


def go_test_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    return (f"\nfunc Test{cap(v)}{cap(n)}{cap(r.choice(ADJS))}(t *testing.T) {{\n\tt.Parallel()\n"
            f"\th := newTestHandler(t)\n\treq := httptest.NewRequest(http.MethodGet, \"/{n}s/42\", nil)\n"
            f"\trec := httptest.NewRecorder()\n\th.{cap(v)}{cap(n)}(rec, req)\n"
            f"\tif rec.Code != http.StatusOK {{\n\t\tt.Fatalf(\"status = %d, want 200\", rec.Code)\n\t}}\n}}\n")


def gen_go_test(r: random.Random, target: int, pkg: str) -> str:
    head = f"package {pkg}\n\nimport (\n\t\"net/http\"\n\t\"net/http/httptest\"\n\t\"testing\"\n)\n"
    return fill(r, target, head, go_test_block)


def ruby_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    env = f"    token = ENV.fetch('{r.choice(ENV_VARS)}')\n" if r.random() < 0.04 else ""
    return (f"\n  # {cap(' '.join(r.sample(EN_WORDS, 6)))}\n  def {v}_{n}\n{env}"
            f"    @{n} = {cap(n)}.where(status: :{r.choice(ADJS)}).find(params[:id])\n"
            f"    if @{n}.update({n}_params)\n      render json: @{n}, status: :ok\n"
            f"    else\n      render json: {{ errors: @{n}.errors }}, status: :unprocessable_entity\n    end\n  end\n")


def gen_ruby(r: random.Random, target: int, kind: str) -> str:
    n = r.choice(NOUNS)
    head = "# frozen_string_literal: true\n\n"
    if r.random() < 0.03:
        head += r.choice(["require 'sentry-ruby'\n", "require 'redis'\n", "require 'stripe'\n"])
    if kind == "spec":
        def block(rr):
            a = rr.choice(ADJS)
            return (f"\n  it '{rr.choice(VERBS)}s a {a} {n}' do\n    record = create(:{n}, status: :{a})\n"
                    f"    get :show, params: {{ id: record.id }}\n    expect(response).to have_http_status(:ok)\n  end\n")
        return fill(r, target, head + f"require 'rails_helper'\n\nRSpec.describe {cap(n)}sController do\n", block, "end\n")
    return fill(r, target, head + f"class {cap(n)}sController < ApplicationController\n  before_action :authenticate_user!\n",
                ruby_block, "end\n")


def php_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    env = f"        $key = env('{r.choice(ENV_VARS)}');\n" if r.random() < 0.04 else ""
    return (f"\n    /**\n     * {cap(' '.join(r.sample(EN_WORDS, 6)))}.\n     */\n"
            f"    public function {camel(v, n)}(Request $request, int $id): JsonResponse\n    {{\n{env}"
            f"        ${n} = {cap(n)}::query()->where('status', '{r.choice(ADJS)}')->findOrFail($id);\n"
            f"        ${n}->fill($request->validated());\n        ${n}->save();\n\n"
            f"        return response()->json(${n});\n    }}\n")


def gen_php(r: random.Random, target: int) -> str:
    n = r.choice(NOUNS)
    head = ("<?php\n\nnamespace App\\Http\\Controllers;\n\nuse Illuminate\\Http\\JsonResponse;\n"
            "use Illuminate\\Http\\Request;\n")
    if r.random() < 0.02:
        head += "use Stripe\\StripeClient;\n"
    head += f"\nclass {cap(n)}Controller extends Controller\n{{\n"
    return fill(r, target, head, php_block, "}\n")


def rust_block(r: random.Random) -> str:
    n, v = r.choice(NOUNS), r.choice(VERBS)
    if r.random() < 0.35:
        fields = "".join(f"    pub {r.choice(NOUNS)}_{r.choice(ADJS)}: {r.choice(RS_TYPES)},\n" for _ in range(r.randint(2, 7)))
        return f"\n/// {cap(' '.join(r.sample(EN_WORDS, 7)))}.\n#[derive(Debug, Clone, Serialize, Deserialize)]\npub struct {cap(n)}{cap(r.choice(ADJS))} {{\n    pub id: i64,\n{fields}}}\n"
    env = f"    let url = std::env::var(\"{r.choice(ENV_VARS)}\").unwrap_or_default();\n" if r.random() < 0.03 else ""
    return (f"\npub async fn {v}_{n}(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<{cap(n)}>, ApiError> {{\n{env}"
            f"    let row = sqlx::query_as::<_, {cap(n)}>(\"SELECT * FROM {n}s WHERE id = $1\")\n"
            f"        .bind(id)\n        .fetch_optional(&state.pool)\n        .await?\n"
            f"        .ok_or(ApiError::NotFound(\"{n}\"))?;\n    Ok(Json(row))\n}}\n")


def gen_rust(r: random.Random, target: int) -> str:
    head = ("use axum::extract::{Path, State};\nuse axum::Json;\nuse serde::{Deserialize, Serialize};\n\n"
            "use crate::{ApiError, AppState};\n")
    if r.random() < 0.03:
        head += r.choice(["use sentry::capture_error;\n", "use redis::AsyncCommands;\n", "use tracing::info;\n"])
    return fill(r, target, head, rust_block)


# ---------------------------------------------------------------------------
# SQL, YAML, manifests, docs
# ---------------------------------------------------------------------------


def sql_block(r: random.Random) -> str:
    n = r.choice(NOUNS)
    k = r.random()
    if k < 0.5:
        cols = []
        for _ in range(r.randint(3, 10)):
            c = f"    {r.choice(NOUNS)}_{r.choice(ADJS)} {r.choice(SQL_TYPES)}"
            if r.random() < 0.3:
                c += " NOT NULL"
            cols.append(c)
        if r.random() < 0.5:
            o = r.choice(NOUNS)
            cols.append(f"    {o}_id bigint NOT NULL REFERENCES {o}s(id) ON DELETE CASCADE")
        return (f"\nCREATE TABLE IF NOT EXISTS {n}s_{r.choice(ADJS)} (\n    id bigserial PRIMARY KEY,\n"
                + ",\n".join(cols) + ",\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n")
    if k < 0.75:
        return f"\nCREATE INDEX IF NOT EXISTS idx_{n}s_{r.choice(NOUNS)} ON {n}s ({r.choice(NOUNS)}_id, created_at DESC);\n"
    if k < 0.9:
        return f"\nALTER TABLE {n}s ADD COLUMN {r.choice(NOUNS)}_{r.choice(ADJS)} {r.choice(SQL_TYPES)};\n"
    return (f"\nINSERT INTO {n}s (name, status) VALUES\n"
            + ",\n".join(f"    ('{r.choice(NOUNS)} {r.choice(ADJS)}', '{r.choice(ADJS)}')" for _ in range(r.randint(3, 20))) + ";\n")


def gen_sql(r: random.Random, target: int) -> str:
    return fill(r, target, "-- migrate:up\nBEGIN;\n", sql_block, "\nCOMMIT;\n")


def gen_workflow(r: random.Random, target: int, name: str) -> str:
    jobs = []
    for j in range(r.randint(1, 4)):
        lang = r.choice(["node", "python", "go"])
        setup = {"node": "      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n          cache: pnpm\n      - run: pnpm install --frozen-lockfile\n",
                 "python": "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'\n      - run: pip install -r requirements.txt\n",
                 "go": "      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n"}[lang]
        run = {"node": "pnpm test -- --coverage", "python": "pytest -q", "go": "go test ./..."}[lang]
        jobs.append(f"  {r.choice(VERBS)}-{r.choice(NOUNS)}-{j}:\n    runs-on: ubuntu-latest\n    timeout-minutes: {r.choice([10, 15, 30])}\n"
                    f"    steps:\n      - uses: actions/checkout@v4\n{setup}      - run: {run}\n"
                    + (f"        env:\n          {r.choice(ENV_VARS)}: ${{{{ secrets.{r.choice(ENV_VARS)} }}}}\n" if r.random() < 0.4 else ""))
    head = (f"name: {name}\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\n"
            f"concurrency:\n  group: ${{{{ github.workflow }}}}-${{{{ github.ref }}}}\n  cancel-in-progress: true\n\njobs:\n"
            + "\n".join(jobs))
    return head


K8S_KINDS = {"deployment": ["Deployment"], "service": ["Service"], "hpa": ["HorizontalPodAutoscaler"],
             "ingress": ["Ingress"], "configmap": ["ConfigMap"],
             "all": ["Deployment", "Service", "HorizontalPodAutoscaler", "ConfigMap", "Ingress"]}


def gen_k8s(r: random.Random, target: int, svc: str, env: str, file_kind: str = "all") -> str:
    kinds = K8S_KINDS[file_kind]

    def block(rr):
        kind = rr.choice(kinds)
        if kind == "Deployment":
            probe = ""
            if rr.random() < 0.6:
                probe = (f"          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n"
                         f"          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n")
            res = ("          resources:\n            requests:\n              cpu: 100m\n              memory: 256Mi\n"
                   "            limits:\n              memory: 512Mi\n") if rr.random() < 0.7 else ""
            envs = "".join(f"            - name: {v}\n              valueFrom:\n                secretKeyRef:\n                  name: {svc}-secrets\n                  key: {v.lower()}\n"
                           for v in rr.sample(ENV_VARS, rr.randint(1, 5)))
            return (f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {svc}\n  namespace: {env}\n  labels:\n    app: {svc}\n"
                    f"spec:\n  replicas: {rr.choice([1, 2, 3, 4])}\n  selector:\n    matchLabels:\n      app: {svc}\n  template:\n"
                    f"    metadata:\n      labels:\n        app: {svc}\n    spec:\n      containers:\n        - name: {svc}\n"
                    f"          image: ghcr.io/acme/{svc}:{rr.randint(1, 9)}.{rr.randint(0, 30)}.{rr.randint(0, 9)}\n"
                    f"          ports:\n            - containerPort: 8080\n{probe}{res}          env:\n{envs}")
        if kind == "Service":
            return (f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {svc}\n  namespace: {env}\nspec:\n"
                    f"  selector:\n    app: {svc}\n  ports:\n    - port: 80\n      targetPort: 8080\n")
        if kind == "HorizontalPodAutoscaler":
            return (f"---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {svc}\n  namespace: {env}\n"
                    f"spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {svc}\n"
                    f"  minReplicas: 2\n  maxReplicas: {rr.choice([5, 10, 20])}\n  metrics:\n    - type: Resource\n      resource:\n"
                    f"        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n")
        if kind == "ConfigMap":
            data = "".join(f"  {rr.choice(ENV_VARS)}: \"{rr.choice(ADJS)}\"\n" for _ in range(rr.randint(2, 8)))
            return f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {svc}-config\n  namespace: {env}\ndata:\n{data}"
        return (f"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {svc}\n  namespace: {env}\n"
                f"spec:\n  rules:\n    - host: {svc}.{env}.acme.internal\n      http:\n        paths:\n"
                f"          - path: /\n            pathType: Prefix\n            backend:\n              service:\n"
                f"                name: {svc}\n                port:\n                  number: 80\n")
    return fill(r, target, "", block)


def gen_openapi(r: random.Random, target: int) -> str:
    def block(rr):
        n = rr.choice(NOUNS)
        return (f"  /{n}s/{{id}}/{rr.choice(NOUNS)}:\n    {rr.choice(['get', 'post', 'put', 'delete'])}:\n"
                f"      operationId: {camel(rr.choice(VERBS), n)}{rr.randint(1, 999)}\n      summary: {' '.join(rr.sample(EN_WORDS, 5))}\n"
                f"      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n"
                f"      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n"
                f"              schema:\n                $ref: '#/components/schemas/{cap(n)}'\n        '404':\n          description: Not found\n")
    return fill(r, target, "openapi: 3.0.3\ninfo:\n  title: Acme API\n  version: 2.4.0\npaths:\n", block)


def gen_compose(r: random.Random) -> str:
    return ("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n"
            "    ports:\n      - \"5432:5432\"\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      interval: 5s\n"
            "  redis:\n    image: redis:7-alpine\n    ports:\n      - \"6379:6379\"\n"
            "  api:\n    build: ./apps/api\n    depends_on: [db, redis]\n    environment:\n"
            "      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n      REDIS_URL: redis://redis:6379\n"
            f"      LOG_LEVEL: {r.choice(['debug', 'info'])}\n    ports:\n      - \"3000:3000\"\n")


def gen_package_json(r: random.Random, name: str, private: bool = False) -> str:
    deps = {p: f"^{r.randint(0, 18)}.{r.randint(0, 20)}.{r.randint(0, 9)}" for p in r.sample(JS_PKGS, r.randint(2, 8))}
    for p in JS_OPS_PKGS:
        if r.random() < 0.06:
            deps[p] = f"^{r.randint(1, 9)}.{r.randint(0, 20)}.0"
    dev = {p: f"^{r.randint(0, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}" for p in r.sample(JS_DEV_PKGS, r.randint(2, 6))}
    doc = {"name": name, "version": f"{r.randint(0, 3)}.{r.randint(0, 40)}.{r.randint(0, 9)}", "private": private,
           "type": "module", "main": "dist/index.js", "types": "dist/index.d.ts",
           "scripts": {"build": "tsup src/index.ts --dts", "test": r.choice(["vitest run", "jest"]),
                       "lint": "eslint src", "typecheck": "tsc --noEmit"},
           "dependencies": dict(sorted(deps.items())), "devDependencies": dict(sorted(dev.items()))}
    return json.dumps(doc, indent=2) + "\n"


def gen_tsconfig(r: random.Random) -> str:
    return json.dumps({"extends": "../../tsconfig.base.json",
                       "compilerOptions": {"outDir": "dist", "rootDir": "src", "strict": True,
                                           "jsx": r.choice(["react-jsx", "preserve"])},
                       "include": ["src"]}, indent=2) + "\n"


def md_block(r: random.Random) -> str:
    k = r.random()
    if k < 0.15:
        return f"\n## {cap(' '.join(r.sample(EN_WORDS, r.randint(2, 5))))}\n"
    if k < 0.6:
        sents = [cap(" ".join(r.choice(EN_WORDS) for _ in range(r.randint(8, 20)))) + "." for _ in range(r.randint(2, 6))]
        return "\n" + " ".join(sents) + "\n"
    if k < 0.75:
        return "\n" + "".join(f"- {' '.join(r.sample(EN_WORDS, r.randint(3, 9)))}\n" for _ in range(r.randint(2, 6)))
    if k < 0.88:
        snippet = r.choice([
            f"pnpm --filter @acme/{r.choice(NOUNS)}-{r.choice(SUFFIXES)} test",
            f"export {r.choice(ENV_VARS)}=changeme\nmake run",
            f"const client = new Redis(process.env.REDIS_URL);\nawait client.get('{r.choice(NOUNS)}');",
            f"curl -s localhost:8080/{r.choice(NOUNS)}s | jq .",
            f"kubectl -n staging rollout status deploy/{r.choice(NOUNS)}-service",
        ])
        lang = "ts" if "const" in snippet else "sh"
        return f"\n```{lang}\n{snippet}\n```\n"
    rows = "".join(f"| `{r.choice(ENV_VARS)}` | {r.choice(['yes', 'no'])} | {' '.join(r.sample(EN_WORDS, 5))} |\n"
                   for _ in range(r.randint(2, 6)))
    return f"\n| Variable | Required | Description |\n|---|---|---|\n{rows}"


def gen_md(r: random.Random, target: int, title: str) -> str:
    return fill(r, target, f"# {title}\n", md_block)


# ---------------------------------------------------------------------------
# Locales (Unicode-heavy)
# ---------------------------------------------------------------------------


def locale_phrase_fn(loc: str):
    if loc in LATIN_LOCALES or loc in WORD_LOCALES:
        words = (LATIN_LOCALES.get(loc) or WORD_LOCALES[loc]).split()

        def phrase(r: random.Random) -> str:
            s = " ".join(r.choice(words) for _ in range(r.randint(1, 12)))
            return cap(s)
        return phrase
    if loc in CHAR_LOCALES:
        chars = CHAR_LOCALES[loc]

        def phrase(r: random.Random) -> str:
            n = r.randint(3, 40)
            i = r.randrange(0, len(chars) - 1)
            out = []
            while n > 0:
                take = min(n, r.randint(2, 8))
                out.append(chars[i:i + take])
                i = r.randrange(0, len(chars) - 1)
                n -= take
            return "".join(out) + ("。" if loc != "ko" and r.random() < 0.4 else "")
        return phrase

    def phrase(r: random.Random) -> str:
        return cap(" ".join(r.choice(EN_WORDS) for _ in range(r.randint(1, 12))))
    return phrase


def gen_locale(r: random.Random, target: int, loc: str, ns: str) -> str:
    phrase = locale_phrase_fn(loc)
    ctarget = target  # counted in UTF-8 bytes below
    out = ["{\n"]
    n = 2
    first = True
    while n < ctarget:
        group = f"{r.choice(NOUNS)}_{r.choice(AREAS)}_{r.randint(0, 9999)}"
        items = []
        for _ in range(r.randint(3, 14)):
            v = phrase(r)
            x = r.random()
            if x < 0.15:
                v += " {{count}}"
            elif x < 0.2:
                v = "{{name}}, " + v
            if r.random() < 0.04:
                v += " " + r.choice(EMOJI)
            items.append(f"    \"{r.choice(VERBS)}_{r.choice(NOUNS)}_{r.randint(0, 99)}\": {json.dumps(v, ensure_ascii=False)}")
        block = ("" if first else ",\n") + f"  \"{group}\": {{\n" + ",\n".join(items) + "\n  }"
        first = False
        out.append(block)
        n += len(block.encode("utf-8"))
    out.append("\n}\n")
    return "".join(out)


# ---------------------------------------------------------------------------
# Lock files, bundles, binaries
# ---------------------------------------------------------------------------


def fake_pkg_names(r: random.Random, n: int) -> list[str]:
    syl = "ba be bi bo bu ca ce co da de do fa fe fi ga ge go ka ke ki ko la le li lo lu ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi za ze".split()
    out = []
    for i in range(n):
        nm = "".join(r.choice(syl) for _ in range(r.randint(2, 4)))
        if r.random() < 0.3:
            nm = f"@{r.choice(syl)}{r.choice(syl)}/{nm}"
        elif r.random() < 0.3:
            nm = f"{nm}-{r.choice(NOUNS)}"
        out.append(nm)
    return out


def b64(r: random.Random, n: int) -> str:
    return base64.b64encode(r.randbytes(n)).decode()


def gen_lock(r: random.Random, target: int, kind: str) -> str:
    names = fake_pkg_names(r, 4000)
    if kind == "package-lock.json":
        def block(rr):
            nm = rr.choice(names)
            v = f"{rr.randint(0, 12)}.{rr.randint(0, 40)}.{rr.randint(0, 20)}"
            deps = ",\n".join(f"        \"{rr.choice(names)}\": \"^{rr.randint(0, 9)}.{rr.randint(0, 9)}.0\"" for _ in range(rr.randint(0, 4)))
            deps = f",\n      \"dependencies\": {{\n{deps}\n      }}" if deps else ""
            return (f"    \"node_modules/{nm}\": {{\n      \"version\": \"{v}\",\n"
                    f"      \"resolved\": \"https://registry.npmjs.org/{nm}/-/{nm.split('/')[-1]}-{v}.tgz\",\n"
                    f"      \"integrity\": \"sha512-{b64(rr, 64)}\"{deps}\n    }},\n")
        return fill(r, target, "{\n  \"name\": \"acme\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n",
                    block, "    \"\": {}\n  }\n}\n")
    if kind == "pnpm-lock.yaml":
        def block(rr):
            nm = rr.choice(names)
            v = f"{rr.randint(0, 12)}.{rr.randint(0, 40)}.{rr.randint(0, 20)}"
            return f"\n  {nm}@{v}:\n    resolution: {{integrity: sha512-{b64(rr, 64)}}}\n    engines: {{node: '>=14'}}\n"
        return fill(r, target, "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\npackages:\n", block)
    if kind == "yarn.lock":
        def block(rr):
            nm = rr.choice(names)
            v = f"{rr.randint(0, 12)}.{rr.randint(0, 40)}.{rr.randint(0, 20)}"
            return (f"\n\"{nm}@^{v}\":\n  version \"{v}\"\n  resolved \"https://registry.yarnpkg.com/{nm}/-/{nm.split('/')[-1]}-{v}.tgz#{rr.randbytes(20).hex()}\"\n"
                    f"  integrity sha512-{b64(rr, 64)}\n")
        return fill(r, target, "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n", block)
    if kind == "go.sum":
        def block(rr):
            m = f"github.com/{rr.choice(names).strip('@').replace('/', '-')}/{rr.choice(NOUNS)}"
            v = f"v{rr.randint(0, 3)}.{rr.randint(0, 30)}.{rr.randint(0, 20)}"
            return f"{m} {v} h1:{b64(rr, 32)}\n{m} {v}/go.mod h1:{b64(rr, 32)}\n"
        return fill(r, target, "", block)
    if kind == "Cargo.lock":
        def block(rr):
            return (f"\n[[package]]\nname = \"{rr.choice(names).strip('@').replace('/', '-')}\"\nversion = \"{rr.randint(0, 3)}.{rr.randint(0, 30)}.{rr.randint(0, 20)}\"\n"
                    f"source = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{rr.randbytes(32).hex()}\"\n")
        return fill(r, target, "# This file is automatically @generated by Cargo.\nversion = 4\n", block)
    if kind == "poetry.lock":
        def block(rr):
            return (f"\n[[package]]\nname = \"{rr.choice(names).strip('@').replace('/', '-')}\"\nversion = \"{rr.randint(0, 3)}.{rr.randint(0, 30)}\"\n"
                    f"description = \"{' '.join(rr.sample(EN_WORDS, 6))}\"\noptional = false\npython-versions = \">=3.8\"\n"
                    f"files = [\n    {{file = \"pkg-{rr.randint(0, 9)}.whl\", hash = \"sha256:{rr.randbytes(32).hex()}\"}},\n]\n")
        return fill(r, target, "# This file is automatically @generated by Poetry and should not be changed by hand.\n", block)
    # Gemfile.lock / composer.lock fallback
    def block(rr):
        return f"    {rr.choice(names).strip('@').replace('/', '-')} ({rr.randint(0, 9)}.{rr.randint(0, 30)}.{rr.randint(0, 9)})\n"
    return fill(r, target, "GEM\n  remote: https://rubygems.org/\n  specs:\n", block, "\nBUNDLED WITH\n   2.5.3\n")


def gen_minified(r: random.Random, target: int) -> str:
    idents = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"

    def block(rr):
        a, b, c = rr.choice(idents), rr.choice(idents), rr.choice(idents)
        k = rr.random()
        if k < 0.002:
            return f'{rr.randint(1, 9999)}:function({a},{b},{c}){{return fetch("/api/{rr.choice(NOUNS)}s",{{method:"POST"}}).then(function({a}){{return {a}.json()}})}},'
        if k < 0.004:
            return f'{rr.randint(1, 9999)}:function({a},{b}){{"production"!==process.env.NODE_ENV&&console.warn("{rr.choice(EN_WORDS)}")}},'
        if k < 0.5:
            return (f'{rr.randint(1, 9999)}:function({a},{b},{c}){{"use strict";{c}.d({b},{{{a}:function(){{return {rr.choice(idents)}{rr.randint(0, 99)}}}}});'
                    f'var {rr.choice(idents)}={c}({rr.randint(1, 9999)}),{rr.choice(idents)}={c}.n({rr.choice(idents)});}},')
        if k < 0.8:
            return f'{a}.{rr.choice(NOUNS)}=function({b}){{return {b}&&{b}.{rr.choice(NOUNS)}?{b}.{rr.choice(NOUNS)}:void 0}};'
        return f'var {a}{rr.randint(0, 999)}="{rr.choice(EN_WORDS)} {rr.choice(EN_WORDS)}",{b}{rr.randint(0, 999)}=[{",".join(str(rr.randint(0, 255)) for _ in range(rr.randint(3, 12)))}];'
    return fill(r, target, "/*! acme bundle | generated */(self.webpackChunk=self.webpackChunk||[]).push([[" + str(r.randint(1, 999)) + "],{", block, "}]);\n")


def gen_sourcemap(r: random.Random, target: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    segs = []
    n = 0
    while n < target:
        s = ",".join("".join(r.choice(alphabet) for _ in range(r.randint(4, 6))) for _ in range(r.randint(5, 40))) + ";"
        segs.append(s)
        n += len(s)
    return json.dumps({"version": 3, "sources": [f"webpack://acme/./src/{r.choice(NOUNS)}.ts"], "names": [], "mappings": "".join(segs)})


BIN_HEADERS = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    "woff2": b"wOF2\x00\x01\x00\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "ico": b"\x00\x00\x01\x00\x01\x00",
    "bin": b"\x7fELF\x02\x01\x01\x00",
    "dat": b"ACMEDAT\x00\x01",
    "sqlite": b"SQLite format 3\x00",
}


# ---------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------

# name: (file weight, MB weight) for the default 60 000 files / 550 MB.
BUDGET = {
    "ts_component": (7000, 45),
    "ts_route": (1500, 10),
    "ts_lib": (7500, 55),
    "ts_test": (5000, 28),
    "js": (2500, 14),
    "py_src": (5000, 40),
    "py_test": (1500, 9),
    "go_src": (3000, 24),
    "go_test": (1000, 8),
    "ruby": (1500, 9),
    "php": (1200, 8),
    "rust": (1000, 9),
    "sql": (1500, 8),
    "yaml": (1300, 7),
    "manifests": (1000, 2),
    "locales": (1800, 125),
    "docs": (3000, 24),
    "lockfiles": (16, 14),
    "bundles": (24, 32),
    "binaries": (2500, 26),
    "misc": (600, 2),
    "ignored_node_modules": (5500, 32),
    "ignored_build": (1200, 18),
    "ignored_tmp": (300, 4),
}


def budgets(files: int, mb: float) -> dict[str, tuple[int, int]]:
    fw = sum(v[0] for v in BUDGET.values())
    bw = sum(v[1] for v in BUDGET.values())
    total_b = mb * 1024 * 1024
    out = {}
    for k, (f, b) in BUDGET.items():
        n = max(1, round(f * files / fw))
        if k in ("lockfiles", "bundles"):
            n = max(4, min(f, n))
        out[k] = (n, int(b * total_b / bw))
    return out


def pick_ts_dir(ctx: Ctx, r: random.Random) -> str:
    k = r.random()
    if k < 0.55:
        return f"packages/{r.choice(ctx.packages)}/src/{r.choice(AREAS + [''])}".rstrip("/")
    if k < 0.85:
        return f"{r.choice(ctx.next_apps)}/src/{r.choice(['components', 'features', 'hooks', 'lib'])}/{r.choice(AREAS)}"
    return f"{r.choice(ctx.node_apps)}/src/{r.choice(['services', 'lib', 'jobs', 'middleware'])}"


def cat_ts(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("ts")
    (nc, bc), (nr, br), (nl, bl), (nt, bt) = n
    for sz in sizes(r, nc, bc, 300, 400_000):
        d = pick_ts_dir(ctx, r)
        ctx.write(ctx.unique(f"{d}/{cap(r.choice(ADJS))}{cap(r.choice(NOUNS))}{r.choice(['', 'List', 'Card', 'Form', 'Panel', 'Modal'])}.tsx"),
                  gen_tsx(r, sz), "ts_component")
    for sz in sizes(r, nr, br, 300, 200_000):
        if r.random() < 0.6:
            app = r.choice(ctx.next_apps)
            rel = f"{app}/app/api/{r.choice(NOUNS)}s/{r.choice(['', '[id]/', '[id]/' + r.choice(NOUNS) + '/'])}route.ts"
            ctx.write(ctx.unique(rel), gen_route(r, sz, "next"), "ts_route")
        else:
            app = r.choice(ctx.node_apps)
            ctx.write(ctx.unique(f"{app}/src/routes/{r.choice(NOUNS)}s.ts"), gen_route(r, sz, "express"), "ts_route")
    for sz in sizes(r, nl, bl, 200, 600_000):
        d = pick_ts_dir(ctx, r)
        ctx.write(ctx.unique(f"{d}/{r.choice(NOUNS)}{r.choice(['', '-' + r.choice(VERBS), '.service', '.utils', '.types'])}.ts"),
                  gen_ts_lib(r, sz), "ts_lib")
    for sz in sizes(r, nt, bt, 300, 200_000):
        k = r.random()
        if k < 0.7:
            d = pick_ts_dir(ctx, r) + "/__tests__"
        elif k < 0.9:
            d = f"{r.choice(ctx.next_apps)}/tests/e2e"
        else:
            d = f"packages/{r.choice(ctx.packages)}/test"
        ext = r.choice([".test.ts", ".test.tsx", ".spec.ts"])
        ctx.write(ctx.unique(f"{d}/{camel(r.choice(VERBS), r.choice(NOUNS))}{ext}"), gen_ts_test(r, sz), "ts_test")


def cat_js(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("js")
    for sz in sizes(r, n, nbytes, 200, 200_000):
        d = r.choice(["scripts", "tools/codemods", "apps/api/legacy", f"packages/{r.choice(ctx.packages)}/scripts",
                      "apps/web/config"])
        ctx.write(ctx.unique(f"{d}/{r.choice(VERBS)}-{r.choice(NOUNS)}.{r.choice(['js', 'js', 'mjs', 'cjs'])}"), gen_js(r, sz), "js")


def cat_py(ctx: Ctx, n: tuple, nb: tuple) -> None:
    r = ctx.rng("py")
    (ns, nt), (bs, bt) = n, nb
    for sz in sizes(r, ns, bs, 200, 400_000):
        svc, flav = r.choice(ctx.py_services)
        if flav == "django":
            rel = f"{svc}/{svc.split('/')[-1].split('-')[0]}/{r.choice(NOUNS)}s/{r.choice(['models', 'views', 'serializers', 'admin', 'services', 'tasks', 'signals'])}.py"
        else:
            rel = f"{svc}/app/{r.choice(['routers', 'schemas', 'services', 'models', 'crud'])}/{r.choice(NOUNS)}.py"
        ctx.write(ctx.unique(rel), gen_py(r, sz, flav), "py_src")
    for sz in sizes(r, nt, bt, 200, 200_000):
        svc, _ = r.choice(ctx.py_services)
        ctx.write(ctx.unique(f"{svc}/tests/test_{r.choice(NOUNS)}_{r.choice(VERBS)}.py"), gen_py_test(r, sz), "py_test")


def cat_go(ctx: Ctx, n: tuple, nb: tuple) -> None:
    r = ctx.rng("go")
    (ns, nt), (bs, bt) = n, nb
    for sz in sizes(r, ns, bs, 200, 400_000):
        svc = r.choice(ctx.go_services)
        pkg = r.choice(NOUNS)
        ctx.write(ctx.unique(f"{svc}/internal/{pkg}/{r.choice(VERBS)}_{r.choice(NOUNS)}.go"), gen_go(r, sz, pkg), "go_src")
    for sz in sizes(r, nt, bt, 200, 200_000):
        svc = r.choice(ctx.go_services)
        pkg = r.choice(NOUNS)
        ctx.write(ctx.unique(f"{svc}/internal/{pkg}/{r.choice(VERBS)}_{r.choice(NOUNS)}_test.go"), gen_go_test(r, sz, pkg), "go_test")


def cat_ruby(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("ruby")
    base = "services/billing-rails"
    for sz in sizes(r, n, nbytes, 200, 200_000):
        if r.random() < 0.3:
            ctx.write(ctx.unique(f"{base}/spec/{r.choice(['requests', 'models', 'controllers'])}/{r.choice(NOUNS)}_spec.rb"),
                      gen_ruby(r, sz, "spec"), "ruby")
        else:
            ctx.write(ctx.unique(f"{base}/app/{r.choice(['controllers', 'models', 'jobs', 'services'])}/{r.choice(NOUNS)}s_{r.choice(['controller', 'service', 'job'])}.rb"),
                      gen_ruby(r, sz, "app"), "ruby")


def cat_php(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("php")
    for sz in sizes(r, n, nbytes, 200, 200_000):
        d = r.choice(["legacy/admin-portal/app/Http/Controllers", "legacy/admin-portal/app/Services",
                      "legacy/admin-portal/tests/Feature"])
        ctx.write(ctx.unique(f"{d}/{cap(r.choice(NOUNS))}{cap(r.choice(VERBS))}Controller.php"), gen_php(r, sz), "php")


def cat_rust(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("rust")
    for sz in sizes(r, n, nbytes, 200, 300_000):
        ctx.write(ctx.unique(f"crates/{r.choice(ctx.crates)}/src/{r.choice(NOUNS)}/{r.choice(VERBS)}.rs"), gen_rust(r, sz), "rust")


def cat_sql(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("sql")
    for i, sz in enumerate(sizes(r, n, nbytes, 100, 300_000)):
        d = r.choice(["db/migrations", "db/migrations", f"{r.choice(ctx.go_services)}/migrations"])
        ctx.write(ctx.unique(f"{d}/{20190101000000 + i * 8731:014d}_{r.choice(VERBS)}_{r.choice(NOUNS)}s.sql"), gen_sql(r, sz), "sql")


def cat_yaml(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("yaml")
    svcs = [s.split("/")[-1] for s in ctx.go_services] + [s.split("/")[-1] for s, _ in ctx.py_services] + ["web", "api", "worker", "admin"]
    n_wf = min(60, max(5, n // 20))
    n_compose = 4
    n_openapi = max(1, n // 100)
    n_k8s = max(1, n - n_wf - n_compose - n_openapi)
    sz_k8s = sizes(r, n_k8s, int(nbytes * 0.55), 300, 60_000)
    sz_api = sizes(r, n_openapi, int(nbytes * 0.35), 1000, 1_500_000)
    for i in range(n_wf):
        name = f"{r.choice(VERBS)}-{r.choice(NOUNS)}"
        ctx.write(ctx.unique(f".github/workflows/{name}.yml"), gen_workflow(r, 0, name), "yaml")
    for i, nm in enumerate(["docker-compose.yml", "docker-compose.override.yml", "apps/api/docker-compose.yml",
                            "services/billing-rails/docker-compose.yml"][:n_compose]):
        ctx.write(ctx.unique(nm), gen_compose(r), "yaml")
    for sz in sz_k8s:
        svc = r.choice(svcs)
        env = r.choice(["staging", "production", "dev"])
        fk = r.choice(list(K8S_KINDS))
        ctx.write(ctx.unique(f"deploy/k8s/{env}/{svc}/{fk}.yaml"), gen_k8s(r, sz, svc, env, fk), "yaml")
    for sz in sz_api:
        ctx.write(ctx.unique(f"apps/api/openapi/{r.choice(NOUNS)}.yaml"), gen_openapi(r, sz), "yaml")


def cat_manifests(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("manifests")
    root = {"name": "acme", "private": True, "packageManager": "pnpm@9.4.0",
            "workspaces": ["apps/*", "packages/*"],
            "scripts": {"build": "turbo run build", "test": "turbo run test", "lint": "turbo run lint"},
            "devDependencies": {"turbo": "^2.0.0", "typescript": "^5.4.0"}}
    ctx.write("package.json", json.dumps(root, indent=2) + "\n", "manifests")
    ctx.write("pnpm-workspace.yaml", "packages:\n  - 'apps/*'\n  - 'packages/*'\n", "manifests")
    ctx.write("tsconfig.base.json", gen_tsconfig(r), "manifests")
    for p in ctx.packages:
        ctx.write(f"packages/{p}/package.json", gen_package_json(r, f"@acme/{p}"), "manifests")
        ctx.write(f"packages/{p}/tsconfig.json", gen_tsconfig(r), "manifests")
    for a in ctx.next_apps + ctx.node_apps:
        ctx.write(f"{a}/package.json", gen_package_json(r, f"@acme/{a.split('/')[-1]}", True), "manifests")
        ctx.write(f"{a}/tsconfig.json", gen_tsconfig(r), "manifests")
    for svc, flav in ctx.py_services:
        deps = ["django>=5.0" if flav == "django" else "fastapi>=0.110", "pydantic>=2", "psycopg[binary]>=3"]
        if r.random() < 0.5:
            deps.append("sentry-sdk>=2")
        if r.random() < 0.5:
            deps.append("redis>=5")
        ctx.write(f"{svc}/pyproject.toml", f"[project]\nname = \"{svc.split('/')[-1]}\"\nversion = \"0.1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\n"
                  + "".join(f"  \"{d}\",\n" for d in deps) + "]\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n", "manifests")
        ctx.write(f"{svc}/requirements.txt", "\n".join(deps) + "\n", "manifests")
    for svc in ctx.go_services:
        ctx.write(f"{svc}/go.mod", f"module github.com/acme/{svc.split('/')[-1]}\n\ngo 1.22\n\nrequire (\n\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgo.uber.org/zap v1.27.0\n)\n", "manifests")
    for c in ctx.crates:
        ctx.write(f"crates/{c}/Cargo.toml", f"[package]\nname = \"{c}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.7\"\nserde = {{ version = \"1\", features = [\"derive\"] }}\nsqlx = \"0.7\"\ntokio = {{ version = \"1\", features = [\"full\"] }}\n", "manifests")
    ctx.write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n", "manifests")
    ctx.write("services/billing-rails/Gemfile", "source 'https://rubygems.org'\n\ngem 'rails', '~> 7.1'\ngem 'pg'\ngem 'sidekiq'\ngem 'sentry-ruby'\ngem 'stripe'\n", "manifests")
    ctx.write("legacy/admin-portal/composer.json", json.dumps({"require": {"php": "^8.2", "laravel/framework": "^10.0", "stripe/stripe-php": "^13.0"}}, indent=4) + "\n", "manifests")


def cat_locales(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("locales")
    nss = ["common", "auth", "billing", "checkout", "dashboard", "errors", "settings", "onboarding", "emails",
           "notifications", "reports", "search", "admin", "support", "marketing", "legal", "glossary", "forms",
           "validation", "navigation", "products", "orders", "shipping", "team", "profile", "integrations",
           "analytics", "calendar", "inbox", "help"]
    per = max(1, n // len(ctx.locales))
    szs = sizes(r, per * len(ctx.locales), nbytes, 500, 1_800_000, sigma=1.0)
    i = 0
    for loc in ctx.locales:
        for j in range(per):
            ns = nss[j % len(nss)] + ("" if j < len(nss) else f"-{j // len(nss)}")
            base = r.choice(["apps/web/public/locales", "packages/i18n/locales", "apps/admin/public/locales"]) if j >= len(nss) else "apps/web/public/locales"
            ctx.write(ctx.unique(f"{base}/{loc}/{ns}.json"), gen_locale(r, szs[i], loc, ns), "locales")
            i += 1


def cat_docs(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("docs")
    szs = sizes(r, n, nbytes, 200, 300_000)
    ctx.write("README.md", gen_md(r, 6000, "Acme monorepo"), "docs")
    for p in ctx.packages[: n // 4]:
        ctx.write(ctx.unique(f"packages/{p}/README.md"), gen_md(r, szs.pop() if szs else 1000, f"@acme/{p}"), "docs")
    for sz in szs:
        k = r.random()
        if k < 0.1:
            rel = f"docs/i18n/{r.choice(ctx.locales)}/{r.choice(AREAS)}/{r.choice(NOUNS)}.md"
        elif k < 0.25:
            rel = f"docs/adr/{r.randint(1, 9999):04d}-{r.choice(VERBS)}-{r.choice(NOUNS)}.md"
        else:
            rel = f"docs/{r.choice(AREAS)}/{r.choice(NOUNS)}-{r.choice(['guide', 'overview', 'runbook', 'faq', 'reference'])}.md"
        ctx.write(ctx.unique(rel), gen_md(r, sz, cap(' '.join(r.sample(EN_WORDS, 4)))), "docs")


def cat_lockfiles(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("lock")
    plan = [("pnpm-lock.yaml", "pnpm-lock.yaml", 0.30),  # above the 2 MiB cap at full size
            ("apps/docs-site/package-lock.json", "package-lock.json", 0.12),
            ("legacy/admin-portal/package-lock.json", "package-lock.json", 0.10),
            ("tools/codemods/yarn.lock", "yarn.lock", 0.06),
            ("Cargo.lock", "Cargo.lock", 0.06),
            ("services/billing-rails/Gemfile.lock", "Gemfile.lock", 0.03)]
    for svc in ctx.go_services:
        plan.append((f"{svc}/go.sum", "go.sum", 0.12 / len(ctx.go_services)))
    for svc, _ in ctx.py_services:
        plan.append((f"{svc}/poetry.lock", "poetry.lock", 0.21 / len(ctx.py_services)))
    for rel, kind, share in plan[: max(n, 4)]:
        ctx.write(rel, gen_lock(r, int(nbytes * share), kind), "lockfiles")


def cat_bundles(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("bundles")
    # A few are over the 2 MiB content cap (listed, not read); most are under it.
    szs = sizes(r, n, nbytes, 20_000, 6_000_000, sigma=0.6)
    for i, sz in enumerate(szs):
        h = r.randbytes(4).hex()
        k = i % 4
        if k == 0:
            rel = f"apps/web/public/static/js/{r.choice(['main', 'vendors', 'runtime', 'framework', 'pages'])}.{h}.min.js"
            ctx.write(ctx.unique(rel), gen_minified(r, sz), "bundles")
        elif k == 1:
            rel = f"legacy/admin-portal/public/js/{r.choice(['app', 'admin', 'charts'])}.{h}.min.js"
            ctx.write(ctx.unique(rel), gen_minified(r, sz), "bundles")
        elif k == 2:
            rel = f"apps/web/public/static/js/{r.choice(['main', 'vendors', 'pages'])}.{h}.min.js.map"
            ctx.write(ctx.unique(rel), gen_sourcemap(r, sz), "bundles")
        else:
            rel = f"apps/docs-site/public/search-index.{h}.json"
            ctx.write(ctx.unique(rel), gen_locale(r, sz, r.choice(ctx.locales), "search"), "bundles")


def cat_binaries(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("bin")
    kinds = ["png"] * 40 + ["jpg"] * 20 + ["webp"] * 10 + ["woff2"] * 5 + ["pdf"] * 5 + ["ico"] * 3 + ["bin"] * 3 + ["dat"] * 4 + ["sqlite"] * 1
    for sz in sizes(r, n, nbytes, 64, 3_000_000, sigma=1.2):
        k = r.choice(kinds)
        d = {"png": "apps/web/public/images", "jpg": "apps/web/public/images/photos", "webp": "apps/admin/public/img",
             "woff2": "apps/web/public/fonts", "pdf": "docs/assets", "ico": "apps/web/public",
             "bin": "services/billing-rails/spec/fixtures/files", "dat": "crates/fixtures/data",
             "sqlite": "services/billing-rails/spec/fixtures"}[k]
        hdr = BIN_HEADERS[k]
        ctx.write(ctx.unique(f"{d}/{r.choice(NOUNS)}-{r.choice(ADJS)}.{k}"), hdr + r.randbytes(max(0, sz - len(hdr))), "binaries")


def cat_misc(ctx: Ctx, n: int, nbytes: int) -> None:
    r = ctx.rng("misc")
    gi = ("# dependencies\nnode_modules/\n.pnp.*\n\n# build output\ndist/\nbuild/\n.next/\nout/\ntarget/\ncoverage/\n"
          "\n# local\n.env\n.env.local\n*.log\ntmp/\n.DS_Store\n__pycache__/\n*.pyc\n")
    ctx.write(".gitignore", gi, "misc")
    ctx.write(".env.example", "".join(f"{v}=\n" for v in ENV_VARS), "misc")
    ctx.write(".nvmrc", "20\n", "misc")
    ctx.write(".editorconfig", "root = true\n\n[*]\nindent_style = space\nindent_size = 2\n", "misc")
    ctx.write("Makefile", ".PHONY: dev test\n\ndev:\n\tdocker compose up -d\n\ntest:\n\tpnpm test && go test ./...\n", "misc")
    written = 5
    targets = [a for a in ctx.next_apps + ctx.node_apps] + [s for s, _ in ctx.py_services] + ctx.go_services
    for t in targets:
        base = {"apps": "node:20-alpine"}.get(t.split("/")[0], "python:3.11-slim" if "service" in t else "golang:1.22")
        ctx.write(f"{t}/Dockerfile", f"FROM {base} AS build\nWORKDIR /app\nCOPY . .\nRUN make build\n\nFROM gcr.io/distroless/base\nCOPY --from=build /app/out /app\n"
                  + ("HEALTHCHECK CMD [\"/app/healthcheck\"]\n" if r.random() < 0.5 else "") + "USER nonroot\nENTRYPOINT [\"/app/server\"]\n", "misc")
        written += 1
    rest = max(0, n - written)
    for sz in sizes(r, rest, nbytes, 100, 50_000):
        k = r.random()
        if k < 0.5:
            rel = f"scripts/{r.choice(VERBS)}-{r.choice(NOUNS)}.sh"
            body = fill(r, sz, "#!/usr/bin/env bash\nset -euo pipefail\n\n",
                        lambda rr: f"echo \"{rr.choice(VERBS)} {rr.choice(NOUNS)}\"\n{rr.choice(['pnpm', 'go', 'python3', 'kubectl'])} {rr.choice(VERBS)} {rr.choice(NOUNS)} \"${{{rr.choice(ENV_VARS)}:-}}\"\n")
        elif k < 0.75:
            rel = f"infra/terraform/{r.choice(['staging', 'production'])}/{r.choice(NOUNS)}.tf"
            body = fill(r, sz, "", lambda rr: f"\nresource \"aws_{rr.choice(['s3_bucket', 'sqs_queue', 'iam_role', 'db_instance'])}\" \"{rr.choice(NOUNS)}_{rr.randint(0, 999)}\" {{\n  name = \"acme-{rr.choice(NOUNS)}\"\n  tags = {{ team = \"{rr.choice(AREAS)}\" }}\n}}\n")
        else:
            rel = f"{r.choice(ctx.next_apps)}/src/styles/{r.choice(NOUNS)}.css"
            body = fill(r, sz, "", lambda rr: f".{rr.choice(NOUNS)}-{rr.choice(['card', 'row', 'title'])} {{\n  display: flex;\n  gap: {rr.randint(1, 8) * 4}px;\n  color: #{rr.randbytes(3).hex()};\n}}\n")
        ctx.write(ctx.unique(rel), body, "misc")


def cat_ignored(ctx: Ctx, budgets_: dict[str, tuple[int, int]]) -> None:
    r = ctx.rng("ignored")
    n, nb = budgets_["ignored_node_modules"]
    names = fake_pkg_names(r, max(10, n // 12)) + ["react", "express", "@sentry/node", "pino", "ioredis", "stripe", "openai"]
    for sz in sizes(r, n, nb, 100, 500_000):
        pkg = r.choice(names)
        base = "node_modules" if r.random() < 0.8 else f"packages/{r.choice(ctx.packages)}/node_modules"
        k = r.random()
        if k < 0.1:
            ctx.write(ctx.unique(f"{base}/{pkg}/package.json"), gen_package_json(r, pkg), "ignored")
        elif k < 0.2:
            ctx.write(ctx.unique(f"{base}/{pkg}/README.md"), gen_md(r, sz, pkg), "ignored")
        elif k < 0.3:
            ctx.write(ctx.unique(f"{base}/{pkg}/index.d.ts"), gen_ts_lib(r, sz), "ignored")
        else:
            ctx.write(ctx.unique(f"{base}/{pkg}/lib/{r.choice(NOUNS)}.js"), gen_js(r, sz), "ignored")
    n, nb = budgets_["ignored_build"]
    for sz in sizes(r, n, nb, 100, 1_500_000):
        k = r.random()
        if k < 0.4:
            rel = f"packages/{r.choice(ctx.packages)}/dist/{r.choice(NOUNS)}.js"
            body = gen_js(r, sz)
        elif k < 0.6:
            rel = f"{r.choice(ctx.next_apps)}/.next/static/chunks/{r.randbytes(6).hex()}.js"
            body = gen_minified(r, sz)
        elif k < 0.75:
            rel = f"coverage/lcov-report/{r.choice(NOUNS)}.ts.html"
            body = gen_md(r, sz, "coverage")
        elif k < 0.9:
            rel = f"crates/{r.choice(ctx.crates)}/target/debug/build/{r.choice(NOUNS)}-{r.randbytes(8).hex()}/output"
            body = gen_md(r, sz, "build output")
        else:
            rel = f"legacy/admin-portal/build/{r.choice(NOUNS)}.js"
            body = gen_minified(r, sz)
        ctx.write(ctx.unique(rel), body, "ignored")
    n, nb = budgets_["ignored_tmp"]
    for sz in sizes(r, n, nb, 100, 200_000):
        if r.random() < 0.5:
            rel = f"tmp/cache/{r.randbytes(8).hex()}.json"
            body = gen_locale(r, sz, "en", "cache")
        else:
            rel = f"logs/{r.choice(NOUNS)}-{r.randint(1, 31):02d}.log"
            body = fill(r, sz, "", lambda rr: f"{{\"level\":\"{rr.choice(['info', 'warn', 'error'])}\",\"msg\":\"{' '.join(rr.sample(EN_WORDS, 5))}\",\"reqId\":\"{rr.randbytes(6).hex()}\"}}\n")
        ctx.write(ctx.unique(rel), body, "ignored")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--files", type=int, default=60000, help="approximate number of files (default 60000)")
    ap.add_argument("--mb", type=float, default=550, help="approximate total size in MiB (default 550)")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR")
    a = ap.parse_args()

    if os.path.exists(a.out_dir) and os.listdir(a.out_dir) and not a.force:
        print(f"gen_tree: {a.out_dir} exists and is not empty (use --force, or remove it)", file=sys.stderr)
        return 2
    os.makedirs(a.out_dir, exist_ok=True)
    t0 = time.time()
    ctx = Ctx(a.out_dir, a.seed, a.files, a.mb)
    b = budgets(a.files, a.mb)

    cat_misc(ctx, *b["misc"])
    cat_manifests(ctx, *b["manifests"])
    cat_ts(ctx, [b["ts_component"], b["ts_route"], b["ts_lib"], b["ts_test"]], 0)
    cat_js(ctx, *b["js"])
    cat_py(ctx, (b["py_src"][0], b["py_test"][0]), (b["py_src"][1], b["py_test"][1]))
    cat_go(ctx, (b["go_src"][0], b["go_test"][0]), (b["go_src"][1], b["go_test"][1]))
    cat_ruby(ctx, *b["ruby"])
    cat_php(ctx, *b["php"])
    cat_rust(ctx, *b["rust"])
    cat_sql(ctx, *b["sql"])
    cat_yaml(ctx, *b["yaml"])
    cat_locales(ctx, *b["locales"])
    cat_docs(ctx, *b["docs"])
    cat_lockfiles(ctx, *b["lockfiles"])
    cat_bundles(ctx, *b["bundles"])
    cat_binaries(ctx, *b["binaries"])
    cat_ignored(ctx, b)

    dt = time.time() - t0
    width = max(len(k) for k in ctx.stats)
    for k in sorted(ctx.stats):
        f, by = ctx.stats[k]
        print(f"  {k:<{width}}  {f:>7} files  {by / 1048576:>9.1f} MiB", file=sys.stderr)
    ign = ctx.stats.get("ignored", [0, 0])
    print(f"gen_tree: {ctx.files} files, {ctx.bytes / 1048576:.1f} MiB in {dt:.1f}s "
          f"({ign[0]} files / {ign[1] / 1048576:.1f} MiB under ignored paths) -> {a.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
