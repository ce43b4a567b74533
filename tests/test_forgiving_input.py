"""Issue 11 rough edges, forgiving input: what users type for /timezone, /subscribe and /quiet
is understood in both languages, and what is not gets a short reply that says what would be."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Baghdad", "Asia/Baghdad"),
        ("بغداد", "Asia/Baghdad"),
        ("utc", "UTC"),
        ("Europe/london", "Europe/London"),
        ("new york", "America/New_York"),
        ("Erbil", "Asia/Baghdad"),
    ],
)
async def test_timezone_takes_cities_and_loose_spellings(raqib_chat, typed, zone):
    [done] = await raqib_chat.send(f"/timezone {typed}", language_code="en")
    assert done == f"Time zone set to {zone}."
    assert raqib_chat.app.bot_data["record"].chat_settings(raqib_chat.private_chat) is not None


async def test_timezone_takes_a_utc_offset_and_names_it_so(raqib_chat):
    [done] = await raqib_chat.send("/timezone UTC+3", language_code="en")
    assert done == "Time zone set to UTC+3."
    [countdown] = await raqib_chat.send("/countdown", language_code="en")
    assert "UTC+3" in countdown and "GMT-3" not in countdown


async def test_a_misspelt_city_gets_the_closest_zone_names(raqib_chat):
    [near] = await raqib_chat.send("/timezone Bagdad", language_code="en")
    assert "Did you mean Asia/Baghdad" in near
    [near_ar] = await raqib_chat.send("/timezone بغدد", language_code="ar")
    assert "Asia/Baghdad" in near_ar and "هل تقصد" in near_ar


@pytest.mark.parametrize("typed", ["9pm", "21:00", "٩ مساءً", "9 pm"])
async def test_subscribe_takes_the_usual_ways_of_writing_a_time(raqib_chat, typed):
    [done] = await raqib_chat.send(f"/subscribe daily {typed}", language_code="en")
    assert done.startswith("✅ Subscribed") and "daily at 21:00" in done


@pytest.mark.parametrize("typed", ["22-7", "22:00-07:00", "10pm-7am"])
async def test_quiet_takes_short_ranges(raqib_chat, typed):
    [done] = await raqib_chat.send(f"/quiet {typed}", language_code="en")
    assert done.startswith("🌙 Quiet hours set: 22:00–07:00")
