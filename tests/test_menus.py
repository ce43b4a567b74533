"""Command menus per language and scope, set at start-up through the real Application, and
the admins' part of /help."""

from __future__ import annotations

import json

from botapi import FakeBotAPI, InProcessRequest
from conftest import ADMIN_ID, TEST_TOKEN
from telegram.ext import CommandHandler, ConversationHandler

from bot.app import build_application
from bot.config import Config
from bot.menus import ADMIN, PUBLIC
from storage.menu_store import MenuStore

OTHER_ADMIN = 778  # configured, but has never started the bot: Telegram has no chat for them


def _key(scope: dict) -> str:
    return json.dumps(scope, sort_keys=True)


def _arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


async def test_every_scope_and_language_is_set_at_start_up(record, fixed_clock):
    api = FakeBotAPI(token=TEST_TOKEN)
    api.new_message(ADMIN_ID, "/start")  # the admin has a chat with the bot
    app = build_application(
        Config(token=TEST_TOKEN, admins=frozenset({ADMIN_ID, OTHER_ADMIN})),
        record,
        fixed_clock,
        request=InProcessRequest(api),
    )
    await app.initialize()
    try:
        await app.post_init(app)
    finally:
        await app.shutdown()
    public = {e.name for e in PUBLIC}
    admin = {e.name for e in ADMIN}
    scopes = {
        "default": {"type": "default"},
        "private": {"type": "all_private_chats"},
        "group": {"type": "all_group_chats"},
        "admin": {"type": "chat", "chat_id": ADMIN_ID},
    }
    assert set(api.commands) == {
        (_key(s), code) for s in scopes.values() for code in ("", "en", "ar")
    }
    for name, scope in scopes.items():
        for code in ("", "en", "ar"):
            menu = api.commands[(_key(scope), code)]
            names = {c["command"] for c in menu}
            assert names == (public | admin if name == "admin" else public), (name, code)
            texts = [c["description"] for c in menu]
            assert all(_arabic(t) for t in texts) if code == "ar" else not any(map(_arabic, texts))
    group = {c["command"]: c["description"] for c in api.commands[(_key(scopes["group"]), "en")]}
    private = {c["command"]: c["description"] for c in api.commands[(_key(scopes["private"]), "")]}
    assert "group" in group["lang"] and "group" not in private["lang"]
    # the admin who never started the bot: refused like Telegram, logged, the rest still set
    failed = [c for c in api.calls if c.method == "setMyCommands" and c.status != 200]
    assert len(failed) == 3 and all(str(OTHER_ADMIN) in c.params["scope"] for c in failed)


def test_every_registered_command_is_in_a_menu(raqib_chat):
    def names(handler) -> set[str]:
        if isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks]
            inner += [h for hs in handler.states.values() for h in hs]
            return set().union(*(names(h) for h in inner))
        return set(handler.commands) if isinstance(handler, CommandHandler) else set()

    registered = set().union(*(names(h) for hs in raqib_chat.app.handlers.values() for h in hs))
    listed = {e.name for e in (*PUBLIC, *ADMIN)}
    assert registered - {"start"} <= listed, "add the command to bot/menus.py"
    assert listed <= registered


async def test_help_shows_admins_their_commands_and_others_not(raqib_chat):
    (admin_help,) = await raqib_chat.send("/help", chat_id=ADMIN_ID)
    (user_help,) = await raqib_chat.send("/help", chat_id=5001)
    (group_help,) = await raqib_chat.send("/help", chat_id=-1001234567890, user_id=ADMIN_ID)
    for entry in ADMIN:
        assert f"/{entry.name}" in admin_help
        assert f"/{entry.name} " not in user_help and f"/{entry.name}\n" not in user_help
    assert "/setstatus" not in user_help and "/pending" not in user_help
    assert "/setstatus" not in group_help  # an admin asking in a group: the group sees it
    assert admin_help.startswith(user_help.split("\n")[0])


async def test_help_mentions_export_and_inline_mode_with_the_bots_username(raqib_chat):
    (english,) = await raqib_chat.send("/help", chat_id=5003, language_code="en")
    (arabic,) = await raqib_chat.send("/help", chat_id=5004, language_code="ar")
    username = raqib_chat.app.bot.username
    for body in (english, arabic):
        assert "/export [csv|json]" in body and f"@{username}" in body


async def test_a_former_admins_menu_is_deleted_at_the_next_start(record, fixed_clock):
    """Telegram keeps a chat's menu until deleted: an admin dropped from the config loses the
    admin commands at the next start (deleteMyCommands, each language), the others keep
    theirs, and an admin never reached is not remembered."""
    former = 779
    api = FakeBotAPI(token=TEST_TOKEN)
    for user in (ADMIN_ID, former):
        api.new_message(user, "/start")

    async def start(admins: set[int]) -> None:
        app = build_application(
            Config(token=TEST_TOKEN, admins=frozenset(admins)),
            record,
            fixed_clock,
            request=InProcessRequest(api),
        )
        await app.initialize()
        try:
            await app.post_init(app)
        finally:
            await app.shutdown()

    def chat_menus(chat: int) -> set[str]:
        return {code for (scope, code) in api.commands if json.loads(scope).get("chat_id") == chat}

    await start({ADMIN_ID, former, OTHER_ADMIN})  # OTHER_ADMIN never started the bot
    assert chat_menus(former) == chat_menus(ADMIN_ID) == {"", "en", "ar"}
    assert MenuStore(record.db).admins() == {ADMIN_ID, former}
    await start({ADMIN_ID})
    assert chat_menus(former) == set() and chat_menus(ADMIN_ID) == {"", "en", "ar"}
    deleted = [c for c in api.calls if c.method == "deleteMyCommands"]
    assert len(deleted) == 3 and all(str(former) in c.params["scope"] for c in deleted)
    assert MenuStore(record.db).admins() == {ADMIN_ID}
    await start({ADMIN_ID})  # nothing left to delete: deleted once
    assert len([c for c in api.calls if c.method == "deleteMyCommands"]) == 3
