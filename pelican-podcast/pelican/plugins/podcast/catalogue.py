"""The podcast plugin's problems, worded once: code -> French message and hint.

The plugin's own catalogue: it goes where the plugin goes. Besides its `podcast.*` codes, it words
the `content.*` codes of the rules it shares with a site's checks (front matter, text values) and
the two `settings.*` codes every plugin's settings use (a site words its other problems itself).
A code never changes meaning once given.
"""

from __future__ import annotations

from .problem_record import Catalogue, Message

# What to do about a chapter problem when the chapters come from the audio file's own tags.
AUDIO_CHAPTERS = "chapitres écrits dans le fichier audio : corrigez-les ou donnez Chapters:"

# What to do about an audio file's own picture that breaks a rule: it is left out, not refused.
EMBEDDED_ARTWORK_UNUSED = "elle n'est pas utilisée (la pochette du podcast la remplace) : donnez une Image conforme"

PODCAST = Catalogue({
    # Front matter of any content, the rules a site's own checks apply too (front_matter_rules.py),
    # and text values wherever they are published (text_rules.py): codes of the `content` family.
    "content.E001": Message("champ inconnu, il serait ignoré", hints={
        "meant": "vouliez-vous dire « {meant} » ?",
        "known": "champs possibles : {known}",
    }),
    "content.E002": Message("champ écrit deux fois", "gardez une seule ligne « {field}: … »"),
    "content.E003": Message("'{value}' est ambigu (jour et mois peuvent s'inverser)", "{expected}"),
    "content.E004": Message("'{value}' n'existe pas dans le calendrier ({expected})"),
    "content.E005": Message("'{value}' n'est pas une date valide ({expected})"),
    "content.E006": Message("'{value}' n'est pas permis, choisir parmi : {allowed}", hints={
        "meant": "écrivez « Status: {meant} »",
    }),
    "content.E007": Message(
        "'{value}' ne peut pas servir d'adresse (seulement des minuscules sans accent, des chiffres et des tirets)",
        hints={"suggestion": "écrivez par exemple « Slug: {suggestion} »"},
    ),
    "content.E008": Message("'{value}' n'est pas un nombre entier positif (chiffres 0 à 9)"),
    "content.E020": Message("vide : {authority} exige une valeur"),
    "content.E021": Message(
        "{kind} interdit U+{character:04X} en position {position}{others} : retirez-le (souvent un reste de copier-coller)"
    ),
    "content.E022": Message("trop long : {length} caractères, {authority} en accepte au plus {limit}"),
    "content.E023": Message("trop long : {size} octets en UTF-8, {authority} en accepte au plus {limit} : raccourcissez-le"),
    # A setting that must be True or False, or a folder (problems.not_a_flag, not_a_folder): every
    # plugin's settings say it alike.
    "settings.E001": Message("True ou False attendu, pas {value!r}"),
    "settings.E002": Message("le chemin d'un dossier est attendu (ou None), pas {value!r}"),
    # An episode's front matter (front_matter.py).
    "podcast.E001": Message("une seule valeur attendue, sur une ligne"),
    "podcast.E002": Message("champ obligatoire manquant ({example})"),
    "podcast.E003": Message("{value!r} n'est pas permis, choisir parmi : {allowed}"),
    "podcast.E004": Message("{value!r} n'est pas permis, écrire « oui » ou « non »"),
    "podcast.E005": Message("un identifiant sans espace de moins de 512 caractères est attendu (un UUID par exemple)"),
    "podcast.E006": Message("rôle {role!r} inconnu pour {name}, choisir parmi : {roles}"),
    "podcast.E007": Message("ligne {line_text!r} : format attendu « 00:00 Titre » (minutes:secondes puis le titre)"),
    "podcast.E008": Message("ligne {line_text!r} : les chapitres doivent se suivre dans l'ordre du temps"),
    # Chapters, from the front matter or the audio file (front_matter.chapter_problems).
    "podcast.E010": Message("le chapitre {title!r} commence à {start:.0f} s, après la fin de l'audio ({duration:.0f} s)"),
    "podcast.E011": Message("le chapitre {title!r} ne suit pas le précédent dans l'ordre du temps"),
    # The files an episode names (source_files.py): `written` as the editor wrote it.
    "podcast.E030": Message("{written!r} est un chemin absolu", "écrivez un chemin relatif au fichier de l'épisode"),
    # Quoted as written: repr() would show each « \\ » twice.
    "podcast.E031": Message("« {written} » sépare ses dossiers par « \\ » : écrivez « / », soit « {slashed} »"),
    "podcast.E032": Message("{written!r} sort du dossier content/", "placez le fichier à côté de l'épisode"),
    "podcast.E033": Message("{written!r} est un lien qui pointe hors du dossier content/", "copiez-y le fichier"),
    "podcast.E034": Message(
        "{written!r} est un fichier de travail d'éditeur ou du système (verrou, copie d'échange, sauvegarde), "
        "jamais publié", "indiquez le fichier lui-même"),
    "podcast.E035": Message("fichier {written!r} introuvable (cherché en {looked})"),
    "podcast.E036": Message("le fichier {written!r} est vide"),
    # An audio file that cannot be published (`reason`: what audio.py's AudioError says).
    "podcast.E040": Message("{written!r} : {reason}"),
    # What would make the feed wrong or refused by Apple Podcasts (feed.py).
    "podcast.E050": Message("'{path}' est un fichier {format}, qu'Apple Podcasts n'accepte pas comme fichier principal",
                            "donnez un MP3 ou un M4A dans {field} et mettez ce fichier dans {alternates}"),
    "podcast.E051": Message("l'URL '{url}' doit finir par .jpg ou .png (Apple Podcasts, et sans quoi l'image serait ignorée)"),
    "podcast.E052": Message("'{path}' ne dure que {seconds} s, trop peu pour un épisode (au moins {minimum:.0f} s) : "
                            "vérifiez que c'est le bon fichier, exporté en entier"),
    "podcast.E053": Message("manquant", "PODCAST_TYPE vaut 'serial' et Apple Podcasts exige alors un numéro pour chaque épisode"),
    "podcast.E054": Message("'{guid}' est déjà le GUID de {owner}",
                            "chaque épisode doit avoir son propre GUID, qui ne change jamais"),
    "podcast.E055": Message("l'URL '{url}' est déjà celle de {owner}", "chaque fichier audio doit avoir sa propre URL"),
    # Transcripts (transcripts.py).
    "podcast.E060": Message("{written!r} doit être un fichier .vtt (WebVTT) ou .srt (SubRip)"),
    "podcast.E061": Message("{written!r} n'est pas un texte UTF-8 (est-ce bien une transcription ?)",
                            "enregistrez-le en UTF-8 depuis votre éditeur"),
    "podcast.E062": Message("{written!r} n'est pas un fichier {kind} valide ({error})",
                            "vérifiez-le, par exemple en l'ouvrant dans VLC avec l'audio"),
    "podcast.E063": Message("{written!r} ne contient aucun sous-titre (aucune ligne « 00:00:01.000 --> … »)"),
    "podcast.E064": Message("{written!r} : le passage à {start} commence après la fin de l'audio ({duration:.0f} s)",
                            "est-ce la transcription d'un autre épisode ?"),
    # Artwork, the show's and an episode's (artwork.py): `picture` names it ("'media/x.png'").
    "podcast.E070": Message("{picture} introuvable", "le chemin est relatif au dossier content/"),
    "podcast.E071": Message("{picture} n'est pas une image lisible (ni JPEG ni PNG, ou un autre fichier renommé)",
                            "exportez-la en JPEG ou PNG"),
    "podcast.E072": Message("{picture} est une image abîmée ou incomplète", "exportez-la à nouveau en JPEG ou PNG"),
    "podcast.E073": Message("{picture} est au format {format}", "Apple Podcasts n'accepte que JPEG ou PNG"),
    "podcast.E074": Message("{picture} est une image {format} : son nom doit finir par {expected} (pas {extension}), "
                            "l'extension qu'Apple Podcasts attend pour ce format"),
    "podcast.E075": Message("{picture} est en CMJN (CMYK)",
                            "Apple Podcasts exige des couleurs RVB (RGB) : convertissez-la en RVB"),
    "podcast.E076": Message("{picture} a de la transparence", "exportez-la opaque (sans couche alpha), sur un fond plein"),
    "podcast.E077": Message("{picture} est en mode {mode} (pas en couleurs RVB)",
                            "Apple Podcasts exige une image RVB 8 bits : convertissez-la"),
    "podcast.E078": Message("{picture} n'est pas carrée ({width}×{height} px)", "Apple Podcasts exige une image carrée"),
    "podcast.E079": Message("{picture} mesure {width}×{height} px",
                            "Apple Podcasts exige entre {least}×{least} et {most}×{most} px"),
    # The show's Apple categories (apple_categories.py), about their setting.
    "podcast.E080": Message("une liste de couples (catégorie, sous-catégorie ou None) est attendue, par exemple "
                            "{example}, pas {value!r}"),
    "podcast.E081": Message("aucune catégorie", "Apple Podcasts en exige au moins une, par exemple {example}"),
    "podcast.E082": Message("{pair!r} n'est pas un couple (catégorie, sous-catégorie ou None)",
                            "écrivez par exemple {example}"),
    "podcast.E083": Message("{pair!r} figure plusieurs fois", "gardez-la une seule fois"),
    "podcast.E084": Message("{category!r} est une sous-catégorie de {parent!r} : écrivez ({parent!r}, {category!r})"),
    "podcast.E085": Message("catégorie {category!r} inconnue d'Apple Podcasts", "la liste : {url}",
                            hints={"meant": "vouliez-vous dire {meant!r} ? (liste : {url})"}),
    "podcast.E086": Message("la catégorie {category!r} n'a pas de sous-catégorie chez Apple Podcasts : écrivez "
                            "({category!r}, None)"),
    "podcast.E087": Message("sous-catégorie {subcategory!r} inconnue dans {category!r}", "choix possibles : {allowed}",
                            hints={"meant": "vouliez-vous dire {meant!r} ? ; choix possibles : {allowed}"}),
    # Several episodes together (episodes.py).
    "podcast.E020": Message("le même fichier audio sert déjà à {others}"),
    "podcast.E021": Message("le numéro {number}{in_season} est déjà pris par {others}"),
    "podcast.E022": Message("{guid!r} est déjà l'identifiant de {others}"),
})
