"""The podcast plugin's problems, worded once: code -> message and hint, in English, translated.

The plugin's own catalogue: it goes where the plugin goes. Besides its `podcast.*` codes, it words
the `content.*` codes of the rules it shares with a site's checks (front matter, text values) and
the `settings.*` codes of the rules every family of settings shares (setting_reader.py: True or
False, a folder, a string, a required value; a site words its other problems itself).
A code never changes meaning once given.

The words below are gettext's msgids, as a plugin installed from PyPI speaks by default; each has
its translation in `locale/<language>/LC_MESSAGES/podcast.po` (compiled into the `.mo` beside it
by `python -m pelican.plugins.podcast.translations`, README), keyed by its code (msgctxt). The
plugin speaks the language of PODCAST_LANGUAGE, else DEFAULT_LANG (`use_language_of()`, at
`initialized`): French for a French show.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .problem_record import Catalogue, Message

DOMAIN = "podcast"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# What to do about a hub the world cannot reach, in production.
PUBLIC_HUB = "give the https:// address of a public hub, e.g. {example!r}, or None to declare no hub"

# Examples of the list settings' entries (braces doubled: they are format strings).
TXT_EXAMPLE = "e.g. [{{\"text\": \"the code the directory gave\", \"purpose\": \"verify\"}}]"
PODROLL_EXAMPLE = "e.g. [{{\"feedGuid\": \"917393e3-1b1e-5cef-ace4-edaa54e1f810\", \"feedUrl\": \"https://…/feed.xml\"}}]"

# What to do about a damaged audio manifest, and about an entry that no longer says its file.
DAMAGED_MANIFEST = ("fix it (a git merge conflict?), or take it back from the history (git checkout -- the file); "
                    "it is not written again while damaged")
UPDATE_MANIFEST = "run « invoke check », which updates the manifest, and commit it"

# What to do about a file the media host lacks (HTTP 404), or holds in another version.
MEDIA_HOST = {
    "absent": "send it with « invoke publish-media »",
    "changed": "a published file must never change under the same address: check the host",
}

# What to do about an audio file too loud or too quiet, and when no ffmpeg can measure it.
NORMALISE = "normalise it in your editing software (e.g. Audacity's « Loudness Normalization »)"
INSTALL_FFMPEG = ("install the Debian package ffmpeg (sudo apt-get install ffmpeg) or the Python package "
                  "imageio-ffmpeg (.venv/bin/pip install imageio-ffmpeg)")

# How to move the feed on purpose (the old address redirecting to the new one).
MOVE_FEED = ("keep the published address; to move the feed on purpose (the old address redirecting to the new "
             "one), add PODCAST_PREVIOUS_FEED_URL = {previous!r}")

# Words that are not a problem of their own: what a check adds to another rule's record, and the
# notes it gives.
PHRASES = {
    # What to do about a chapter problem when the chapters come from the audio file's own tags.
    "audio_chapters": "chapters written in the audio file: fix them there, or give Chapters:",
    # What to do about an audio file's own picture that breaks a rule: it is left out, not refused.
    "embedded_artwork_unused": "it is not used (the show's artwork stands in): give a suitable Image",
    # A draft's problem (PODCAST_PREVIEW_DRAFTS): a warning, said as such.
    "in_draft": "draft, not previewed",
    "in_draft_hint": "{hint} (draft, not previewed)",
    # A live episode, as the continuity guard names it; how an episode renamed was recognised.
    "live_item": "« {title} » (GUID {guid})",
    "same_audio": "same audio file",
    "same_number": "same season and number",
    "same_page": "same page address",
    # Why an episode file of this build is not in the feed (publication_guard.py).
    "unpublished_hidden": "hidden: Status: hidden",
    "unpublished_scheduled": "scheduled for {date}",
    "unpublished_draft": "draft: Status: draft",
    # What the live feed is not (continuity.read_feed), and how the live feed was read (live_feed.py).
    "not_xml": "this is not readable XML ({error})",
    "not_rss": "this is not an RSS feed (root element <{root}>)",
    "home_unreachable": "cannot be reached ({error})",
    "home_answers": "answers HTTP {status}",
    "first_declared": "First publication declared (PODCAST_LIVE_FEED = False): no live feed compared; remove this "
                      "setting once the feed is published.",
    "compared": "Continuity checked against the live feed ({source}, {count} episodes).",
    "downloaded": "Live feed downloaded: {source} → {target} ({count} episodes).",
    "first_publication": "First publication: neither the feed ({source}) nor the site ({home}) is online "
                         "(HTTP {status}), nothing to compare.",
    # A text rule's problem about one key of a list setting's entry (PODCAST_TXT's text, purpose).
    "entry_key": "item {position}: {key}: {message}",
    # What to do about a licence name the text rules refuse.
    "license_hint": "give the SPDX identifier, e.g. « CC-BY-4.0 », and the address of its text in PODCAST_LICENSE_URL",
    # A field an episode lacks: what to add (front_matter.py).
    "add_title": "add a line « Title: … »",
    "add_date": "add a line « Date: 2023-05-07 10:00 »",
    "add_audio": "the path of the audio file, e.g. « Audio: media/episode-01.mp3 »",
    # The kinds of character a text rule refuses, and the others found (text_rules.py); a
    # transcript's format (transcripts.py).
    "control_character": "control character",
    "line_break": "line break or tab",
    "and_others": " (and {count} other(s))",
    "webvtt": "WebVTT (it must start with the line « WEBVTT »)",
    "invalid_format": "invalid format",
    # What is wrong in an entry of the audio manifest (manifest.py), inside podcast.E155.
    "manifest_relative": "the name must be a path relative to the content/ folder, without « .. »",
    "manifest_integer": "« {name} »: an integer ≥ {minimum} is expected, not {value}",
    "manifest_above_zero": "« {name} »: a finite number > 0 is expected, not {value}",
    "manifest_positive": "« {name} »: a finite positive number is expected, not {value}",
    "manifest_sha256": "« {name} »: 64 hexadecimal digits (sha256) expected, not {value!r}",
    "manifest_object": "an object is expected",
    "manifest_missing_key": "« {key} » missing",
    "manifest_unknown_key": "« {key} » unknown",
    "manifest_unknown_value": "« {name} »: {value!r} unknown",
    "manifest_tags_keys": "« tags »: the keys {keys} are expected",
    "manifest_tag_type": "« tags.{name} »: {value!r} is not of the right type",
    "manifest_chapters_list": "« chapters »: a list is expected",
    "manifest_chapter_keys": "« chapters »: each chapter has start, title and end",
    "manifest_artwork": "« artwork »: null or {{file, mime_type, sha256}} expected",
    "manifest_artwork_file": "« artwork.file »: a path is expected",
    "manifest_artwork_type": "« artwork.mime_type »: {value!r} is neither image/jpeg nor image/png",
    # Why an audio file cannot be published (errors.AudioError's reason, inside podcast.E040).
    "audio_rights": "cannot read the audio file ({error}): check its access rights.",
    "audio_not_found": (
        "audio file not found: check the path and the file's name (capitals and accents included)."),
    "audio_folder": "this path names a folder, not an audio file: name the file itself.",
    "audio_empty": (
        "empty audio file (0 bytes): the copy or the export failed; replace it with the whole file."),
    "audio_not_its_extension": (
        "this is not a valid « {extension} » file despite its extension, or it is damaged"),
    "audio_damaged": "it is damaged or not an audio file",
    "audio_unreadable": (
        "unreadable audio file: {what} (technical detail: {error}); export it again from your editing "
        "software."),
    "audio_unknown_format": (
        "audio format not recognised: accepted formats: {formats}; convert the file to one of them "
        "(preferably MP3)."),
    "audio_unsupported": (
        "audio format not supported ({kind}): accepted formats: {formats}; convert the file (preferably "
        "MP3)."),
    "audio_no_extension": "(none)",
    "audio_extension": (
        "the extension « {extension} » does not match the content, which is {format}: rename the file to "
        "« {expected} » or convert it to the format the extension announces (podcast servers and players "
        "trust the extension)."),
    "audio_silent": "zero duration: the file holds no sound; export it again.",
    "audio_no_frames": (
        "no valid MP3 frame: the file is damaged or not a real MP3; export it again as MP3 from your "
        "editing software."),
    "audio_mp3_header": (
        "inconsistent MP3 header: it announces {duration} of sound for {size} bytes, that is {rate} "
        "kbit/s, impossible in MP3 (from {lowest} to {highest} kbit/s); export the file again from your "
        "editing software."),
    "audio_video": (
        "this is a video (the file holds a picture track), not an audio file: export the sound alone, as "
        "M4A (AAC) or MP3 (for instance: ffmpeg -i video.mp4 -vn -c:a copy episode.m4a)."),
    "audio_too_long": (
        "announced duration of {duration}, implausible for an episode (over 24 h): the file's header is "
        "wrong or damaged; export it again from your editing software."),
    "audio_incomplete": (
        "incomplete {kind} file: its header announces {duration} of sound, but the file holds only "
        "{share} % of it (cut short by an interrupted copy or export, or a wrong header); export it again"
        " from your editing software, or copy it again whole."),
    "audio_chapter_stamp": (
        "chapter {key}: unreadable timestamp « {stamp} », expected HH:MM:SS.mmm; fix the file's tags."),
    # The WebSub hub's answer to a ping (websub.py); the plugin's own stop (problems.py); what
    # `invoke check` wrote (generator.py).
    "hub_refused": "the WebSub hub {hub} refused the notification (HTTP {code} {reason})",
    "hub_unreachable": "the WebSub hub {hub} could not be reached ({reason})",
    "hub_answered": "the WebSub hub {hub} answered HTTP {status}",
    "podcast_failed": "The podcast has errors, nothing was written:",
    "manifest_updated": "Audio manifest updated (to commit): {files}",
    # A number used twice in one season (episodes.py); an audio file's own picture, named.
    "in_season": " of season {season}",
    "embedded_picture": "the picture embedded in {audio!r}",
}

PODCAST = Catalogue({
    # Front matter of any content, the rules a site's own checks apply too (front_matter_rules.py),
    # and text values wherever they are published (text_rules.py): codes of the `content` family.
    "content.E001": Message("unknown field, it would be ignored", hints={
        "meant": "did you mean « {meant} »?",
        "known": "possible fields: {known}",
    }),
    "content.E002": Message("field written twice", "keep a single line « {field}: … »"),
    "content.E003": Message("'{value}' is ambiguous (day and month may be swapped)", "{expected}"),
    "content.E004": Message("'{value}' does not exist in the calendar ({expected})"),
    "content.E005": Message("'{value}' is not a valid date ({expected})"),
    "content.E006": Message("'{value}' is not allowed, choose among: {allowed}", hints={
        "meant": "write « Status: {meant} »",
    }),
    "content.E007": Message(
        "'{value}' cannot be used in an address (only unaccented lower-case letters, digits and hyphens)",
        hints={"suggestion": "write for instance « Slug: {suggestion} »"},
    ),
    "content.E008": Message("'{value}' is not a positive whole number (digits 0 to 9)"),
    "content.E020": Message("empty: {authority} requires a value"),
    "content.E021": Message(
        "forbidden {kind} U+{character:04X} at position {position}{others}: remove it (often left over from a copy and paste)"
    ),
    "content.E022": Message("too long: {length} characters, {authority} accepts {limit} at most"),
    "content.E023": Message("too long: {size} bytes in UTF-8, {authority} accepts {limit} at most: shorten it"),
    # A setting that must be True or False, or a folder (setting_reader.not_a_flag, not_a_folder):
    # every plugin's settings say it alike.
    "settings.E001": Message("True or False expected, not {value!r}"),
    "settings.E002": Message("the path of a folder is expected (or None), not {value!r}"),
    # A setting that must be a string, or must be given (setting_reader.SettingsReader.text).
    "settings.E020": Message("a string (in quotes) is expected, not {value!r}"),
    "settings.E021": Message("required setting, missing from pelicanconf.py"),
    # An episode's front matter (front_matter.py).
    "podcast.E001": Message("a single value expected, on one line"),
    "podcast.E002": Message("required field missing ({example})"),
    "podcast.E003": Message("{value!r} is not allowed, choose among: {allowed}"),
    "podcast.E004": Message("{value!r} is not allowed, write « oui » or « non »"),
    "podcast.E005": Message("an identifier without spaces, shorter than 512 characters, is expected (a UUID for instance)"),
    "podcast.E006": Message("unknown role {role!r} for {name}, choose among: {roles}"),
    "podcast.E007": Message("line {line_text!r}: expected form « 00:00 Title » (minutes:seconds then the title)"),
    "podcast.E008": Message("line {line_text!r}: chapters must follow one another in time order"),
    # Chapters, from the front matter or the audio file (front_matter.chapter_problems).
    "podcast.E010": Message("chapter {title!r} starts at {start:.0f} s, after the end of the audio ({duration:.0f} s)"),
    "podcast.E011": Message("chapter {title!r} does not follow the previous one in time order"),
    # The files an episode names (source_files.py): `written` as the editor wrote it.
    "podcast.E030": Message("{written!r} is an absolute path", "write a path relative to the episode's file"),
    # Quoted as written: repr() would show each « \\ » twice.
    "podcast.E031": Message("« {written} » separates its folders with « \\ »: write « / », that is « {slashed} »"),
    "podcast.E032": Message("{written!r} leaves the content/ folder", "put the file beside the episode"),
    "podcast.E033": Message("{written!r} is a link pointing outside the content/ folder", "copy the file there"),
    "podcast.E034": Message(
        "{written!r} is an editor's or the system's working file (lock, swap copy, backup), never published",
        "name the file itself"),
    "podcast.E035": Message("file {written!r} not found (looked for at {looked})"),
    "podcast.E036": Message("the file {written!r} is empty"),
    # An audio file that cannot be published (`reason`: what audio.py's AudioError says).
    "podcast.E040": Message("{written!r}: {reason}"),
    # An episode file Pelican's reader could not read (generator.py).
    "podcast.E041": Message("unreadable file: {error}"),
    # What would make the feed wrong or refused by Apple Podcasts (feed.py).
    "podcast.E050": Message("'{path}' is a {format} file, which Apple Podcasts does not accept as the main file",
                            "give an MP3 or an M4A in {field} and put this file in {alternates}"),
    "podcast.E051": Message("the URL '{url}' must end in .jpg or .png (Apple Podcasts; otherwise the image is ignored)"),
    "podcast.E052": Message("'{path}' lasts only {seconds} s, too short for an episode (at least {minimum:.0f} s): "
                            "check that it is the right file, exported whole"),
    "podcast.E053": Message("missing", "PODCAST_TYPE is 'serial', and Apple Podcasts then requires a number for every episode"),
    "podcast.E054": Message("'{guid}' is already the GUID of {owner}",
                            "every episode must have its own GUID, which never changes"),
    "podcast.E055": Message("the URL '{url}' is already that of {owner}", "every audio file must have its own URL"),
    # Transcripts (transcripts.py).
    "podcast.E060": Message("{written!r} must be a .vtt (WebVTT) or .srt (SubRip) file"),
    "podcast.E061": Message("{written!r} is not UTF-8 text (is it really a transcript?)",
                            "save it as UTF-8 from your editor"),
    "podcast.E062": Message("{written!r} is not a valid {kind} file ({error})",
                            "check it, for instance by opening it in VLC with the audio"),
    "podcast.E063": Message("{written!r} holds no caption (no line « 00:00:01.000 --> … »)"),
    "podcast.E064": Message("{written!r}: the passage at {start} starts after the end of the audio ({duration:.0f} s)",
                            "is it another episode's transcript?"),
    # Artwork, the show's and an episode's (artwork.py): `picture` names it ("'media/x.png'").
    "podcast.E070": Message("{picture} not found", "the path is relative to the content/ folder"),
    "podcast.E071": Message("{picture} is not a readable image (neither JPEG nor PNG, or another file renamed)",
                            "export it as JPEG or PNG"),
    "podcast.E072": Message("{picture} is a damaged or incomplete image", "export it again as JPEG or PNG"),
    "podcast.E073": Message("{picture} is in the {format} format", "Apple Podcasts accepts only JPEG or PNG"),
    "podcast.E074": Message("{picture} is a {format} image: its name must end in {expected} (not {extension}), "
                            "the extension Apple Podcasts expects for this format"),
    "podcast.E075": Message("{picture} is in CMYK",
                            "Apple Podcasts requires RGB colours: convert it to RGB"),
    "podcast.E076": Message("{picture} has transparency", "export it opaque (without an alpha channel), on a solid background"),
    "podcast.E077": Message("{picture} is in mode {mode} (not RGB colours)",
                            "Apple Podcasts requires an 8-bit RGB image: convert it"),
    "podcast.E078": Message("{picture} is not square ({width}×{height} px)", "Apple Podcasts requires a square image"),
    "podcast.E079": Message("{picture} measures {width}×{height} px",
                            "Apple Podcasts requires between {least}×{least} and {most}×{most} px"),
    # The show's Apple categories (apple_categories.py), about their setting.
    "podcast.E080": Message("a list of pairs (category, subcategory or None) is expected, for instance "
                            "{example}, not {value!r}"),
    "podcast.E081": Message("no category", "Apple Podcasts requires at least one, for instance {example}"),
    "podcast.E082": Message("{pair!r} is not a pair (category, subcategory or None)",
                            "write for instance {example}"),
    "podcast.E083": Message("{pair!r} is there more than once", "keep it once"),
    "podcast.E084": Message("{category!r} is a subcategory of {parent!r}: write ({parent!r}, {category!r})"),
    "podcast.E085": Message("category {category!r} unknown to Apple Podcasts", "the list: {url}",
                            hints={"meant": "did you mean {meant!r}? (list: {url})"}),
    "podcast.E086": Message("the category {category!r} has no subcategory at Apple Podcasts: write "
                            "({category!r}, None)"),
    "podcast.E087": Message("subcategory {subcategory!r} unknown in {category!r}", "possible choices: {allowed}",
                            hints={"meant": "did you mean {meant!r}?; possible choices: {allowed}"}),
    # The podcast settings (settings.py), each about its setting (`field`).
    "podcast.E102": Message("a function giving the time (an aware datetime) is expected, not {value!r}"),
    "podcast.E103": Message("{value!r} is not allowed: an absolute or site-relative http(s) address is expected"),
    "podcast.E104": Message("{value!r} is not allowed: an absolute http(s) address is expected"),
    "podcast.E105": Message("a dictionary {{'apple': 'https://…', …}} is expected, not {value!r}"),
    "podcast.E106": Message("{kind!r} is not a known platform", "possible platforms: {known}"),
    "podcast.E107": Message("{kind!r}: {url!r} is not allowed: the https:// address of the show on this platform "
                            "is expected"),
    "podcast.E108": Message("{value!r} is not allowed: the https:// address of a WebSub hub is expected, or None to "
                            "declare no hub"),
    "podcast.E109": Message("{value!r} holds a user name or a password (« …@ »): the feed would publish it, readable "
                            "by all", "give the hub's public address, without them"),
    # A hub the world cannot reach, in production (publishconf.py): why, then what to do.
    "podcast.E110": Message("{value!r} does not suit production (publishconf.py): an http address, which the apps "
                            "subscribed to the feed cannot reach", PUBLIC_HUB),
    "podcast.E111": Message("{value!r} does not suit production (publishconf.py): « {host} » is a name of this "
                            "machine or of the local network, which the apps subscribed to the feed cannot reach",
                            PUBLIC_HUB),
    "podcast.E112": Message("{value!r} does not suit production (publishconf.py): « {host} » is not a public domain "
                            "name, which the apps subscribed to the feed cannot reach", PUBLIC_HUB),
    "podcast.E113": Message("{value!r} does not suit production (publishconf.py): {host} is an address of this "
                            "machine or of a private network, which the apps subscribed to the feed cannot reach",
                            PUBLIC_HUB),
    "podcast.E114": Message("{value!r} holds an unknown variable ({error})", "allowed variables: {allowed}",
                            hints={"none": "allowed variables: none"}),
    "podcast.E115": Message("{value!r} would leave the output folder", "give a relative path without « .. »"),
    "podcast.E116": Message("{value!r} is not an e-mail address"),
    "podcast.E117": Message("{value!r} is not allowed, choose 'episodic' or 'serial'"),
    "podcast.E118": Message("{value!r} is not a UUID"),
    "podcast.E119": Message("required with PODCAST_FUNDING_URL (the text of the link)"),
    "podcast.E120": Message("{value!r} must be a folder inside content/, e.g. 'podcasts'"),
    "podcast.E121": Message("{value!r} is not allowed: the http(s) address of the live feed, the path of a "
                            "downloaded copy, or False to declare a first publication"),
    "podcast.E122": Message("a dictionary with at least « name » is expected, "
                            "e.g. {{\"name\": \"Lille\", \"geo\": \"geo:50.63,3.06\"}}"),
    "podcast.E123": Message("unknown key(s) {unknown}", "allowed: {allowed}"),
    "podcast.E124": Message("geo {value!r}: expected « geo:latitude,longitude », e.g. « geo:50.63,3.06 »"),
    "podcast.E125": Message("osm {value!r}: expected the OpenStreetMap type letter and the number, e.g. « R58404 »"),
    "podcast.E126": Message("name: 128 characters at most (the Podcast Index namespace)"),
    "podcast.E127": Message("{value!r} is not allowed, choose among: {allowed}"),
    "podcast.E128": Message("a dictionary with at least « text » is expected, "
                            "e.g. {{\"text\": \"One episode a month\", \"rrule\": \"FREQ=MONTHLY\"}}"),
    "podcast.E129": Message("rrule {value!r} is not an iCalendar rule (RFC 5545), e.g. « FREQ=MONTHLY »"),
    "podcast.E130": Message("complete: True or False expected, not {value!r}"),
    "podcast.E132": Message("without PODCAST_LICENSE, the feed cannot publish it",
                            "give the licence's name or SPDX identifier too, e.g. PODCAST_LICENSE = \"CC-BY-4.0\""),
    # List settings (PODCAST_TXT, PODCAST_PODROLL): the list, then each entry by its position.
    "podcast.E133": Message("a list of dictionaries is expected, not {value!r}", hints={
        "PODCAST_TXT": TXT_EXAMPLE, "PODCAST_PODROLL": PODROLL_EXAMPLE}),
    "podcast.E134": Message("item {position}: unknown key(s) {unknown}", "allowed: {allowed}"),
    "podcast.E135": Message("item {position}: a dictionary with at least « text » (a string) is expected, "
                            "not {value!r}", TXT_EXAMPLE),
    "podcast.E136": Message("item {position}: purpose: a string is expected, e.g. \"verify\", not {value!r}"),
    "podcast.E137": Message("item {position}: « feedGuid » must be the podcast:guid of the recommended show "
                            "(a UUID, read in its feed), not {value!r}", PODROLL_EXAMPLE),
    "podcast.E138": Message("item {position}: feedUrl: {value!r} is not allowed: the absolute http(s) address of the "
                            "show's feed is expected"),
    "podcast.E139": Message("item {position}: {guid} is the podcast:guid of this very show",
                            "a podroll recommends other shows"),
    "podcast.E140": Message("item {position}: {guid} is already in the list", "each show once"),
    # The audio manifest (manifest.py): damaged as a whole, one entry, what it says of a file.
    "podcast.E150": Message("damaged audio manifest, unreadable ({error})", DAMAGED_MANIFEST),
    "podcast.E151": Message("damaged audio manifest, this is not valid JSON (line {row}, column {column}: "
                            "{error})", DAMAGED_MANIFEST),
    "podcast.E152": Message("damaged audio manifest, this is not an audio manifest (« format »: {expected!r} "
                            "expected)", DAMAGED_MANIFEST),
    "podcast.E153": Message("damaged audio manifest, unknown version {version!r} ({expected} expected)",
                            DAMAGED_MANIFEST),
    "podcast.E154": Message("damaged audio manifest, « audio » missing or not an object", DAMAGED_MANIFEST),
    "podcast.E155": Message("invalid entry {key!r} ({error})",
                            "fix it, or remove it and run « invoke check » with the audio file present"),
    "podcast.E156": Message("the picture embedded in the audio, extracted to {image}, is not found ({manifest})",
                            "commit it, or run « invoke check » with the audio file present"),
    "podcast.E157": Message("the picture {image} is no longer the one extracted from the audio (another sha256)",
                            "run « invoke check » with the audio file present"),
    "podcast.E158": Message("{reason}, and no entry in {name} ({manifest})",
                            "add the file, then run « invoke check », which writes its entry"),
    "podcast.E159": Message("{written!r} changed since its entry in {manifest} was written (another sha256)",
                            UPDATE_MANIFEST),
    "podcast.E160": Message("{written!r} no longer reads as its entry in {manifest} says (audio reader updated?)",
                            UPDATE_MANIFEST),
    "podcast.E161": Message("cannot write the audio manifest ({error})", "check the folder's permissions"),
    # The media host (media_host.py, `invoke check --media-host`): a file there, as the manifest says.
    "podcast.E170": Message("{written!r}: missing from the media host ({url} answers HTTP {status})", hints=MEDIA_HOST),
    "podcast.E171": Message("{written!r}: the media host does not give its size ({url}: no Content-Length header)",
                            hints=MEDIA_HOST),
    "podcast.E172": Message("{written!r}: the media host holds another version of it ({url}: {length} bytes, {size} "
                            "according to {manifest})", hints=MEDIA_HOST),
    "podcast.E173": Message("media host unreachable for {count} file(s), for instance {example}",
                            "check the address and your connection"),
    "podcast.E174": Message("PODCAST_MEDIA_URL is not set: there is no media host to check",
                            "« invoke check --media-host » reads the production settings, publishconf.py"),
    # The audio quality report (loudness.py): warnings, on the episode's Audio line.
    "podcast.W001": Message("{written!r}: average loudness {loudness} LUFS, too quiet for a podcast (aim at {stereo} "
                            "LUFS ±1 in stereo, {mono} in mono)", NORMALISE),
    "podcast.W002": Message("{written!r}: average loudness {loudness} LUFS, too loud for a podcast (aim at {stereo} "
                            "LUFS ±1 in stereo, {mono} in mono)", NORMALISE),
    "podcast.W003": Message("{written!r}: true peak {peak} dBTP, above {most} dBTP: the sound will clip once "
                            "re-encoded by the apps",
                            "apply a limiter set to −1 dB before exporting (e.g. Audacity's « Limiter »)"),
    "podcast.W004": Message("{written!r}: sample rate {rate}, unusual for a podcast (expected: "
                            "{first} or {second})", "export it again at 44.1 kHz from your editing software"),
    "podcast.W005": Message("{written!r}: {channels} channels, whereas a podcast is mono or stereo (many apps "
                            "play no more)",
                            "export it again in stereo, or in mono for voice alone"),
    "podcast.W006": Message("{written!r}: MP3 at {bitrate} kbit/s in mono, too little (at least {stereo} kbit/s in "
                            "stereo, {mono} in mono): the sound will be degraded", "export it again at {mono} kbit/s or more"),
    "podcast.W007": Message("{written!r}: MP3 at {bitrate} kbit/s in stereo, too little (at least {stereo} kbit/s in "
                            "stereo, {mono} in mono): the sound will be degraded",
                            "export it again at {stereo} kbit/s or more, or in mono at {mono} kbit/s if it is voice "
                            "alone"),
    # The file could not be measured: one warning, the build goes on.
    "podcast.W010": Message("{written!r}: loudness and peaks not measured, no ffmpeg found", INSTALL_FFMPEG),
    "podcast.W011": Message("{written!r}: loudness and peaks not measured, ffmpeg did not finish reading the file in "
                            "time", "check that it plays to the end in an audio player, else export it again"),
    "podcast.W012": Message("{written!r}: loudness and peaks not measured, ffmpeg ({ffmpeg}) does not start ({error})",
                            INSTALL_FFMPEG),
    "podcast.W013": Message("{written!r}: loudness and peaks not measured, ffmpeg cannot decode the file "
                            "({error})", "check that it plays in an audio player, else export it again"),
    # The continuity guard (continuity.py): what listeners' apps would suffer, and how to declare it.
    "podcast.E180": Message("the live feed identifies the show by podcast:guid {live!r}, this feed by {new!r}: "
                            "directories and apps would see another show there",
                            "write PODCAST_GUID = {live!r}; to change it on purpose, add "
                            "PODCAST_PREVIOUS_GUID = {live!r}"),
    "podcast.E181": Message("the feed's address (atom:link rel=\"self\") changes ({old} → {now}): the subscribed "
                            "apps would keep reading the old address", MOVE_FEED),
    "podcast.E182": Message("the site's link (<link>) changes ({old} → {now}): the subscribed apps would keep "
                            "reading the old address", MOVE_FEED),
    "podcast.E183": Message("the audio file's address of {episode} changes ({old} → {now}): the apps would download "
                            "it again and lose the listening position",
                            "put the old file back; to change it on purpose, add the line « {declare}: {old} » "
                            "(if the whole audio hosting moves: PODCAST_PREVIOUS_MEDIA_URL, the old base address)"),
    "podcast.E184": Message("the publication date of {episode} changes ({old} → {now}): the apps would sort it "
                            "anew, some would offer it as new",
                            "put « Date: {written} » back; to change it on purpose, add the line « {declare}: {old} »"),
    "podcast.E185": Message("this episode ({same}) is published in the live feed under the GUID {old!r} and would "
                            "take the GUID {new!r}: the apps would download it again as a new episode",
                            "add (or put back) the line « Guid: {old} »; to change the GUID on purpose, add the "
                            "line « {declare}: {old} »"),
    "podcast.E186": Message("{episode} is in the live feed but would no longer be ({why}): the apps would delete "
                            "the episode from the subscribers' devices",
                            "publish it again; to withdraw it on purpose, write « Status: {withdrawn} »"),
    "podcast.E187": Message("{episode}, published on {date}, is in the live feed but has no episode file any more: "
                            "the apps would delete it from the subscribers' devices",
                            "put its file back (git restore); to withdraw it on purpose, keep its file with the "
                            "lines « Status: {withdrawn} » and « Guid: {guid} »"),
    # The publication guard (publication_guard.py): every episode published names its GUID.
    "podcast.E188": Message("missing", "add the line « Guid: {guid} » (its GUID in the feed, from the file's name): "
                            "written in the file, it no longer changes if the file is renamed"),
    # The live feed (live_feed.py), without which a publication cannot be compared.
    "podcast.E190": Message("the live feed {source} cannot be reached ({error}): the publication stops, the "
                            "episodes' continuity cannot be checked",
                            "try again, or give in PODCAST_LIVE_FEED the path of a copy of the live feed"),
    "podcast.E191": Message("{source} answers HTTP {status}: the publication stops, the live feed could not be read",
                            "try again when the address answers"),
    "podcast.E192": Message("cannot read {source} ({error})",
                            "give the path of the downloaded live feed, or its https:// address"),
    "podcast.E193": Message("{source}: {error}: the publication stops, the episodes' continuity cannot be checked"),
    "podcast.E194": Message("no feed at {source} (HTTP {status}) while the site {home} {answer}",
                            "if the feed moved, give its old address in PODCAST_PREVIOUS_FEED_URL; if the podcast "
                            "was never published, declare it for this publication with PODCAST_LIVE_FEED = False"),
    # Several episodes together (episodes.py).
    "podcast.E020": Message("the same audio file is already used by {others}"),
    "podcast.E021": Message("number {number}{in_season} is already taken by {others}"),
    "podcast.E022": Message("{guid!r} is already the identifier of {others}"),
}, PHRASES, domain=DOMAIN, localedir=LOCALE_DIR)

phrase = PODCAST.phrase


def language_of(settings: Mapping[str, object]) -> str | None:
    """The language the plugin speaks for these settings: PODCAST_LANGUAGE, else DEFAULT_LANG."""
    for name in ("PODCAST_LANGUAGE", "DEFAULT_LANG"):
        value = settings.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def use_language_of(settings: Mapping[str, object]) -> None:
    """Speak the language of these settings from now on (English when no catalogue of it ships)."""
    PODCAST.use(language_of(settings))
