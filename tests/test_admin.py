"""Admin actions check the admin list: /setstatus changes a deadline's status for admins only."""

from conftest import ADMIN_ID


async def test_a_non_admin_is_refused_and_nothing_changes(raqib_chat):
    reply = (await raqib_chat.send("/setstatus met", language_code="en"))[0]
    assert reply == "Only Raqib's admins can do that."
    countdown = (await raqib_chat.send("/countdown", language_code="en"))[0]
    assert "Status: pending" in countdown


async def test_an_admin_marks_the_deadline_met_and_the_countdown_shows_it(raqib_chat):
    chat = ADMIN_ID  # a private chat's id is its user's id
    reply = (await raqib_chat.send("/setstatus met", chat_id=chat, language_code="en"))[0]
    assert reply.startswith("Status of “US combat forces")
    countdown = (await raqib_chat.send("/countdown", chat_id=chat, language_code="en"))[0]
    assert "Status: met" in countdown


async def test_bad_status_or_deadline_gets_usage(raqib_chat):
    chat = ADMIN_ID
    assert (await raqib_chat.send("/setstatus maybe", chat_id=chat, language_code="en"))[
        0
    ].startswith("Usage: /setstatus")
    reply = (
        await raqib_chat.send("/setstatus met no-such-deadline", chat_id=chat, language_code="en")
    )[0]
    assert "No deadline with the id" in reply


GROUP = -1009876543210


async def test_in_a_group_only_its_admins_change_the_groups_settings(raqib_chat):
    raqib_chat.api.set_admins(GROUP, [4001])
    refused = await raqib_chat.send(
        "/timezone Europe/London", chat_id=GROUP, user_id=4002, language_code="en"
    )
    assert refused == ["Only this group's admins can change its settings."]
    refused = await raqib_chat.send("/lang en", chat_id=GROUP, user_id=4002, language_code="en")
    assert refused == ["Only this group's admins can change its settings."]
    done = await raqib_chat.send(
        "/timezone Europe/London", chat_id=GROUP, user_id=4001, language_code="en"
    )
    assert done == ["Time zone set to Europe/London."]


async def test_an_arabic_admin_is_told_the_status_in_arabic(raqib_chat):
    import re

    reply = (await raqib_chat.send("/setstatus met", chat_id=ADMIN_ID, language_code="ar"))[0]
    assert "نُفّذ" in reply, reply
    assert not re.search(r"\bmet\b", reply)
