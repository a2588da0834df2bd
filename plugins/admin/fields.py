"""How each front-matter field appears in the web editor's form: its French label, its hint, its
widget. What a field may hold (required, limits, status values, slug form) is not written here: it
is read from the checks' own rules (the podcast plugin's front_matter_rules.py and text_rules.py, and the
episode rules), so that a changed rule changes the form. `form_fields()` gives one collection's
fields in the order its rules list them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pelican.plugins.podcast.front_matter import EPISODE_TYPES, FALSE_WORDS, TRUE_WORDS
from pelican.plugins.podcast.front_matter_rules import SLUG_FORM, HeaderRules
from pelican.plugins.podcast.media_host import media_url_of
from pelican.plugins.podcast.text_rules import TextRule

# A select's entry that opens the field below it (a category nobody uses yet): never written.
NEW_CHOICE = "__nouvelle__"
NEW_CATEGORY_FIELD = "Nouvelle_categorie"
# Dates as the checks want them (DATE_FORMS), in the site's time zone (TIMEZONE: Europe/Paris).
DATE_FORMAT = "YYYY-MM-DD HH:mm"
STATUS_LABELS = {"published": "Publié", "draft": "Brouillon (pas en ligne)", "hidden": "Caché (en ligne, listé nulle part)",
                 "withdrawn": "Retiré exprès (était publié)"}
SLUG_MESSAGE = "seulement des minuscules sans accent, des chiffres et des tirets"
TEXT = {"widget": "text"}
# Decap CMS's own French words for the file widget's button that takes an address (its locale).
CHOOSE_URL = "Insérer depuis une adresse web"
EPISODE_TYPE_LABELS = {"full": "Épisode", "trailer": "Bande-annonce", "bonus": "Bonus"}


@dataclass(frozen=True)
class Vocabulary:
    """What the content in use offers the form: categories, seasons, the media host."""

    categories: tuple[str, ...] = ()
    latest_season: int | None = None
    # The episodes' folder on the media host (folder_on_host()), when PODCAST_MEDIA_URL is set.
    audio_on_host: str | None = None
    upload_limit_mb: int = 30


def folder_on_host(media_url: str | None, podcast_dir: str) -> str | None:
    """The episodes' folder on the media host: the feed gives an audio file at PODCAST_MEDIA_URL +
    its path inside content/ (the manifest's key), so an address pasted in the form is this
    folder + the Audio field as the episode file writes it (« media/x.mp3 »)."""
    return media_url_of(media_url, podcast_dir.strip("/") + "/") if media_url else None


@dataclass(frozen=True)
class Form:
    label: str
    hint: str
    widget: dict[str, Any] = field(default_factory=lambda: {"widget": "string"})


def _date(label: str, hint: str, now: bool) -> Form:
    widget = {"widget": "datetime", "format": DATE_FORMAT, "date_format": "DD/MM/YYYY", "time_format": "HH:mm"}
    return Form(label, hint, {**widget, **({"default": "{{now}}"} if now else {})})


def _forms(rules: HeaderRules, vocabulary: Vocabulary) -> dict[str, Form]:
    audio_hint = (
        f"Le fichier MP3 ou M4A, {vocabulary.upload_limit_mb} Mo au plus : son nom est rendu sûr pour une "
        "adresse (« Épisode 6 (final).MP3 » devient « episode-6-final.mp3 »). La durée, la taille et les "
        "chapitres sont lus dans le fichier à la construction."
    )
    if vocabulary.audio_on_host:
        audio_hint += (
            f" Plus lourd, ou déjà sur l'hôte des médias : choisissez « {CHOOSE_URL} » et collez son adresse "
            f"({vocabulary.audio_on_host}media/…) ; l'épisode écrit alors « media/… » et la construction lit la "
            "durée, la taille et les chapitres dans le manifeste audio (audio-manifest.json), sans le fichier."
        )
    else:
        audio_hint += (
            " Plus lourd : demandez à l'administrateur du site de l'ajouter par le terminal (invoke new-episode) "
            "ou de le mettre sur l'hôte des médias (PODCAST_MEDIA_URL)."
        )
    categories = [{"label": name, "value": name} for name in vocabulary.categories]
    # Decap's own media library refuses a larger file before sending it (its French message).
    upload = {"media_library": {"config": {"max_file_size": vocabulary.upload_limit_mb * 1024 * 1024}}}
    season = {"widget": "number", "value_type": "int", "min": 1}
    current = f" (en cours : {vocabulary.latest_season})" if vocabulary.latest_season else ""
    return {
        "Title": Form("Titre", "Tel qu'il s'affiche, sans guillemets."),
        "Date": _date("Date de publication", "Heure de Paris. Dans le futur, le contenu attend cette date.", True),
        "Modified": _date("Mis à jour le", "Facultatif : la date d'une correction importante (heure de Paris).", False),
        "Slug": Form("Adresse (slug)", "Facultatif : sinon faite du titre. Minuscules sans accent, chiffres et tirets.",
                     {"widget": "string", "pattern": [SLUG_FORM.pattern, SLUG_MESSAGE]}),
        "Summary": Form("Résumé", "Une ou deux phrases, montrées dans les listes et les partages.", {"widget": "text"}),
        "Status": Form("État", "Brouillon : visible seulement en local. Caché : en ligne mais listé nulle part.",
                       {"widget": "select", "default": "published",
                        "options": [{"label": STATUS_LABELS.get(s, s), "value": s} for s in rules.statuses]}),
        "Lang": Form("Langue", "Facultatif : « en » pour une traduction anglaise (le site est en français)."),
        "Translation": Form("Traduction", "Facultatif : « true » si ce texte traduit un autre de même Slug."),
        "Template": Form("Gabarit", "Facultatif, pour les développeurs : un autre gabarit de page."),
        "Save_as": Form("Enregistré sous", "Facultatif, pour les développeurs : le chemin du fichier écrit."),
        "Url": Form("Adresse complète", "Facultatif, pour les développeurs : l'adresse de la page."),
        "Category": Form("Catégorie", "Une catégorie en usage, ou « Nouvelle catégorie… » puis son nom ci-dessous.",
                         {"widget": "select", "options": [*categories, {"label": "Nouvelle catégorie…", "value": NEW_CHOICE}]}),
        "Tags": Form("Mots-clés", "Séparés par des virgules : « formation, PME »."),
        "Author": Form("Auteur", "Facultatif : sinon « Cité de l'IA »."),
        "Authors": Form("Auteurs", "Facultatif : plusieurs noms séparés par des virgules."),
        "Audio": Form("Fichier audio", audio_hint, {"widget": "file", **upload}),
        "Season": Form("Saison", f"Le numéro de la saison{current}.",
                       {**season, **({"default": vocabulary.latest_season} if vocabulary.latest_season else {})}),
        "Episode": Form("Numéro d'épisode", "Dans sa saison ; vide pour une bande-annonce.", season),
        "Episode_type": Form("Type d'épisode", "Pour les applications de podcast.",
                             {"widget": "select", "default": EPISODE_TYPES[0],
                              "options": [{"label": EPISODE_TYPE_LABELS.get(t, t), "value": t} for t in EPISODE_TYPES]}),
        "Explicit": Form("Contenu explicite", "Vide : le réglage de l'émission.",
                         {"widget": "select", "options": [{"label": "Oui", "value": TRUE_WORDS[0]},
                                                          {"label": "Non", "value": FALSE_WORDS[0]}]}),
        "Image": Form("Image de l'épisode", "Facultatif : carrée, JPEG ou PNG, 1400 à 3000 pixels de côté.",
                      {"widget": "image", **upload}),
        "Guid": Form("Identifiant (Guid)", "Donné une fois pour toutes à la création, jamais changé.", {"widget": "hidden"}),
        "Persons": Form("Personnes", "Une par ligne, son rôle entre parenthèses : « Marie Dupont (invitée) ».", TEXT),
        "Transcript": Form("Transcription", "Facultatif : un fichier WebVTT (.vtt) ou SubRip (.srt).",
                           {"widget": "file", **upload}),
        "Chapters": Form("Chapitres", "Facultatif (sinon ceux du fichier audio) : un par ligne, « 00:00 Introduction ».", TEXT),
        "Alternates": Form("Autres formats audio", "Facultatif : un fichier par ligne (ex. media/s1e01.opus).", TEXT),
        # What a publication's refusal asks to write when a change to a published episode is wanted.
        "Previous_guid": Form("Ancien Guid (changement voulu)", "Seulement si la publication le demande : recopiez la "
                              "valeur donnée par le message.", {"widget": "string"}),
        "Previous_audio": Form("Ancienne adresse de l'audio (changement voulu)", "Seulement si la publication le "
                               "demande : recopiez la valeur donnée par le message.", {"widget": "string"}),
        "Previous_date": Form("Ancienne date de publication (changement voulu)", "Seulement si la publication le "
                              "demande : recopiez la valeur donnée par le message.", {"widget": "string"}),
    }


def _limits(rule: TextRule | None) -> tuple[dict[str, Any], str]:
    """The widget's own check of a length limit, and the hint's sentence about it."""
    if rule is None:
        return {}, ""
    if rule.max_chars is not None:
        return ({"pattern": [f"^[\\s\\S]{{0,{rule.max_chars}}}$", f"{rule.max_chars} caractères au plus ({rule.authority})"]},
                f" {rule.max_chars} caractères au plus.")
    if rule.max_bytes is not None:
        return {}, f" {rule.max_bytes} octets au plus ({rule.authority}), environ {rule.max_bytes // 2} caractères accentués."
    return {}, ""


def form_fields(rules: HeaderRules, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """Decap CMS's fields for one kind of content: every field its rules know, in their order."""
    forms = _forms(rules, vocabulary)
    fields: list[dict[str, Any]] = []
    for name in rules.known:
        form = forms[name]
        # A list's limit is each item's (Tags: 255 characters per tag), which a pattern cannot say.
        limit, limit_hint = _limits(None if name.lower() in rules.lists else rules.texts.get(name.lower()))
        widget = {**form.widget, **(limit if "pattern" not in form.widget else {})}
        fields.append({"name": name, "label": form.label, "hint": form.hint + limit_hint,
                       "required": name in rules.required, **widget})
        if name == "Category":
            fields.append({"name": NEW_CATEGORY_FIELD, "label": "Nouvelle catégorie", "widget": "string",
                           "required": False, "hint": "Seulement avec « Nouvelle catégorie… » ci-dessus : son nom."})
    return fields
