"""User-facing texts of the ``dia-pipelines tenants`` commands, in English and Turkish.

``text(key, language, **values)`` formats one entry; the language comes from
``settings.cli_language()`` (``DIA_LANG`` or ``LANG`` starting with ``tr`` selects Turkish).
"""

from __future__ import annotations

KEY_COMMAND = "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"

MESSAGES: dict[str, dict[str, str]] = {
    "prompt_password": {
        "en": "DIA password for {username}: ",
        "tr": "{username} kullanıcısının DIA şifresi: ",
    },
    "prompt_api_key": {
        "en": "DIA API key: ",
        "tr": "DIA API anahtarı: ",
    },
    "password": {"en": "password", "tr": "şifre"},
    "api_key": {"en": "API key", "tr": "API anahtarı"},
    "no_terminal": {
        "en": "Cannot prompt for the DIA {secret}: no terminal. Set {variable} or run the command in a terminal.",
        "tr": "DIA {secret} sorulamıyor çünkü terminal yok. {variable} değişkenini tanımlayın ya da komutu bir terminalde çalıştırın.",
    },
    "empty_secret": {
        "en": "The DIA {secret} is empty.",
        "tr": "DIA {secret} boş.",
    },
    "tenant_added": {
        "en": "Added tenant {tenant_id}: {base_url}, user {username}, companies {companies}, sync every {interval} min.",
        "tr": "{tenant_id} kiracısı eklendi: {base_url}, kullanıcı {username}, firmalar {companies}, {interval} dakikada bir eşitleme.",
    },
    "tenant_replaced": {
        "en": "Replaced tenant {tenant_id}: {base_url}, user {username}, companies {companies}, sync every {interval} min.",
        "tr": "{tenant_id} kiracısı güncellendi: {base_url}, kullanıcı {username}, firmalar {companies}, {interval} dakikada bir eşitleme.",
    },
    "tenant_removed": {
        "en": "Removed tenant {tenant_id} and its credentials. Its synced data stays in the warehouse.",
        "tr": "{tenant_id} kiracısı ve kimlik bilgileri silindi. Eşitlenmiş verileri veri ambarında kalır.",
    },
    "tenant_enabled": {
        "en": "Enabled syncing for tenant {tenant_id}.",
        "tr": "{tenant_id} kiracısı için eşitleme açıldı.",
    },
    "tenant_disabled": {
        "en": "Disabled syncing for tenant {tenant_id}.",
        "tr": "{tenant_id} kiracısı için eşitleme kapatıldı.",
    },
    "tenant_not_found": {
        "en": "Tenant {tenant_id} is not registered. See the registered tenants with: dia-pipelines tenants list",
        "tr": "{tenant_id} adında kayıtlı kiracı yok. Kayıtlı kiracılar için: dia-pipelines tenants list",
    },
    "tenant_exists": {
        "en": "Tenant {tenant_id} is already registered. Add --replace to overwrite it.",
        "tr": "{tenant_id} kiracısı zaten kayıtlı. Üzerine yazmak için --replace ekleyin.",
    },
    "invalid_input": {
        "en": "{detail}",
        "tr": "Geçersiz giriş: {detail}",
    },
    "invalid_tenant_id": {
        "en": "Invalid tenant id {tenant_id!r}: use 1 to 63 characters from a-z, 0-9, '_' and '-', starting with a letter or digit (for example acme or acme-tr).",
        "tr": "Geçersiz kiracı kimliği {tenant_id!r}: a-z, 0-9, '_' ve '-' karakterlerinden 1 ile 63 arası, harf ya da rakamla başlayan bir ad kullanın (örneğin acme ya da acme-tr).",
    },
    "no_tenants": {
        "en": "No tenants registered. Add one with: dia-pipelines tenants add TENANT_ID --server-code CODE --username USER",
        "tr": "Kayıtlı kiracı yok. Eklemek için: dia-pipelines tenants add KIRACI_ID --server-code KOD --username KULLANICI",
    },
    "keys_rotated": {
        "en": "Re-encrypted the secrets of {count} tenant(s) with the first key of DIA_SECRET_KEY. The other keys can now be removed from it.",
        "tr": "{count} kiracının gizli bilgileri DIA_SECRET_KEY içindeki ilk anahtarla yeniden şifrelendi. Diğer anahtarlar artık listeden çıkarılabilir.",
    },
    "secret_key_missing": {
        "en": "DIA_SECRET_KEY is not set, so tenant secrets cannot be encrypted or read. Generate a key with: {command} and export it as DIA_SECRET_KEY.",
        "tr": "DIA_SECRET_KEY tanımlı değil, bu yüzden kiracı gizli bilgileri şifrelenemez ve okunamaz. Şu komutla bir anahtar üretin: {command} ve DIA_SECRET_KEY olarak dışa aktarın (export).",
    },
    "secret_key_malformed": {
        "en": "{detail}",
        "tr": "DIA_SECRET_KEY içindeki anahtarlardan biri geçerli bir Fernet anahtarı değil (url-safe base64 ile 32 bayt, 44 karakter). Şu komutla bir anahtar üretin: {command}",
    },
    "secret_key_wrong": {
        "en": "{detail}",
        "tr": "Kiracı gizli bilgileri DIA_SECRET_KEY içindeki anahtarların hiçbiriyle çözülemedi; başka bir anahtarla şifrelenmişler. Anahtarı değiştirdiyseniz eski anahtarı yenisinin arkasında tutun (DIA_SECRET_KEY=YENI,ESKI) ve dia-pipelines tenants rotate-key çalıştırın.",
    },
    "all_companies": {"en": "all", "tr": "tümü"},
    "yes": {"en": "yes", "tr": "evet"},
    "no": {"en": "no", "tr": "hayır"},
    "list_header": {
        "en": "tenant|server|user|companies|interval (min)|enabled|updated (UTC)",
        "tr": "kiracı|sunucu|kullanıcı|firmalar|aralık (dk)|etkin|güncellendi (UTC)",
    },
}


def text(key: str, language: str, **values: object) -> str:
    """Return the message ``key`` in ``language`` (English when no translation exists), formatted."""
    entry = MESSAGES[key]
    template = entry.get(language) or entry["en"]
    return template.format(command=KEY_COMMAND, **values)
