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

# What to do about a hub the world cannot reach, in production.
PUBLIC_HUB = ("donnez l'adresse https:// d'un hub public, ex. {example!r}, ou None pour ne déclarer aucun hub")

# Examples of the list settings' entries (braces doubled: they are format strings).
TXT_EXAMPLE = "ex. [{{\"text\": \"le code donné par l'annuaire\", \"purpose\": \"verify\"}}]"
PODROLL_EXAMPLE = "ex. [{{\"feedGuid\": \"917393e3-1b1e-5cef-ace4-edaa54e1f810\", \"feedUrl\": \"https://…/feed.xml\"}}]"

# What to do about a damaged audio manifest, and about an entry that no longer says its file.
DAMAGED_MANIFEST = ("corrigez-le (un conflit de fusion git ?), ou récupérez-le de l'historique (git checkout -- le "
                    "fichier) ; il n'est pas réécrit tant qu'il est abîmé")
UPDATE_MANIFEST = "lancez « invoke check », qui met le manifeste à jour, et commitez-le"

# What to do about a file the media host lacks (HTTP 404), or holds in another version.
MEDIA_HOST = {
    "absent": "envoyez-le avec « invoke publish-media »",
    "changed": "un fichier publié ne doit jamais changer sous la même adresse : vérifiez l'hôte",
}

# What to do about an audio file too loud or too quiet, and when no ffmpeg can measure it.
NORMALISE = "normalisez-le dans votre logiciel de montage (par exemple « Normaliser le volume (loudness) » d'Audacity)"
INSTALL_FFMPEG = ("installez le paquet Debian ffmpeg (sudo apt-get install ffmpeg) ou le paquet Python "
                  "imageio-ffmpeg (.venv/bin/pip install imageio-ffmpeg)")

# How to move the feed on purpose (the old address redirecting to the new one).
MOVE_FEED = ("gardez l'adresse publiée ; pour déménager le flux exprès (l'ancienne adresse redirigeant vers la "
             "nouvelle), ajoutez PODCAST_PREVIOUS_FEED_URL = {previous!r}")

# Words that are not a problem of their own: what a check adds to another rule's record.
PHRASES = {
    # A draft's problem (PODCAST_PREVIEW_DRAFTS): a warning, said as such.
    "in_draft": "brouillon, pas prévisualisé",
    "in_draft_hint": "{hint} (brouillon, pas prévisualisé)",
    # A live episode, as the continuity guard names it; how an episode renamed was recognised.
    "live_item": "« {title} » (GUID {guid})",
    "same_audio": "même fichier audio",
    "same_number": "même saison et même numéro",
    "same_page": "même adresse de page",
    # Why an episode file of this build is not in the feed (publication_guard.py).
    "unpublished_hidden": "caché : Status: hidden",
    "unpublished_scheduled": "programmé le {date}",
    "unpublished_draft": "brouillon : Status: draft",
    # What the live feed is not (continuity.read_feed), and how the live feed was read (live_feed.py).
    "not_xml": "ce n'est pas du XML lisible ({error})",
    "not_rss": "ce n'est pas un flux RSS (élément racine <{root}>)",
    "home_unreachable": "injoignable ({error})",
    "home_answers": "répond HTTP {status}",
    "first_declared": "Première publication déclarée (PODCAST_LIVE_FEED = False) : aucun flux en ligne comparé ; "
                      "retirez ce réglage une fois le flux publié.",
    "compared": "Continuité vérifiée avec le flux en ligne ({source}, {count} épisodes).",
    "downloaded": "Flux en ligne téléchargé : {source} → {target} ({count} épisodes).",
    "first_publication": "Première publication : ni le flux ({source}) ni le site ({home}) ne sont en ligne "
                         "(HTTP {status}), rien à comparer.",
    # A text rule's problem about one key of a list setting's entry (PODCAST_TXT's text, purpose).
    "entry_key": "élément {position} : {key} : {message}",
    # What to do about a licence name the text rules refuse.
    "license_hint": "donnez l'identifiant SPDX, ex. « CC-BY-4.0 », et l'adresse du texte dans PODCAST_LICENSE_URL",
}


def phrase(key: str, /, **values: object) -> str:
    """The words of `key` in PHRASES with `values` put in."""
    return PHRASES[key].format(**values)


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
    # An episode file Pelican's reader could not read (generator.py).
    "podcast.E041": Message("fichier illisible : {error}"),
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
    # The podcast settings (settings.py), each about its setting (`field`).
    "podcast.E100": Message("une chaîne de caractères est attendue (entre guillemets), pas {value!r}"),
    "podcast.E101": Message("réglage obligatoire, il manque dans pelicanconf.py"),
    "podcast.E102": Message("une fonction qui donne l'heure (datetime avec fuseau) est attendue, pas {value!r}"),
    "podcast.E103": Message("{value!r} n'est pas permis : une adresse http(s) absolue ou relative au site est attendue"),
    "podcast.E104": Message("{value!r} n'est pas permis : une adresse http(s) absolue est attendue"),
    "podcast.E105": Message("un dictionnaire {{'apple': 'https://…', …}} est attendu, pas {value!r}"),
    "podcast.E106": Message("{kind!r} n'est pas une plateforme connue", "plateformes possibles : {known}"),
    "podcast.E107": Message("{kind!r} : {url!r} n'est pas permis : l'adresse https:// de l'émission sur cette "
                            "plateforme est attendue"),
    "podcast.E108": Message("{value!r} n'est pas permis : l'adresse https:// d'un hub WebSub est attendue, ou None pour "
                            "ne déclarer aucun hub"),
    "podcast.E109": Message("{value!r} contient un identifiant ou un mot de passe (« …@ ») : le flux le publierait, "
                            "lisible par tous", "donnez l'adresse publique du hub, sans eux"),
    # A hub the world cannot reach, in production (publishconf.py): why, then what to do.
    "podcast.E110": Message("{value!r} ne convient pas à la production (publishconf.py) : une adresse en http, que les "
                            "applications abonnées au flux ne peuvent pas joindre", PUBLIC_HUB),
    "podcast.E111": Message("{value!r} ne convient pas à la production (publishconf.py) : « {host} » est un nom de cette "
                            "machine ou du réseau local, que les applications abonnées au flux ne peuvent pas joindre",
                            PUBLIC_HUB),
    "podcast.E112": Message("{value!r} ne convient pas à la production (publishconf.py) : « {host} » n'est pas un nom de "
                            "domaine public, que les applications abonnées au flux ne peuvent pas joindre", PUBLIC_HUB),
    "podcast.E113": Message("{value!r} ne convient pas à la production (publishconf.py) : {host} est une adresse de cette "
                            "machine ou d'un réseau privé, que les applications abonnées au flux ne peuvent pas joindre",
                            PUBLIC_HUB),
    "podcast.E114": Message("{value!r} contient une variable inconnue ({error})", "variables permises : {allowed}",
                            hints={"none": "variables permises : aucune"}),
    "podcast.E115": Message("{value!r} sortirait du dossier de sortie", "donnez un chemin relatif sans « .. »"),
    "podcast.E116": Message("{value!r} n'est pas une adresse e-mail"),
    "podcast.E117": Message("{value!r} n'est pas permis, choisir 'episodic' ou 'serial'"),
    "podcast.E118": Message("{value!r} n'est pas un UUID"),
    "podcast.E119": Message("obligatoire avec PODCAST_FUNDING_URL (le texte du lien)"),
    "podcast.E120": Message("{value!r} doit être un dossier dans content/, ex. 'podcasts'"),
    "podcast.E121": Message("{value!r} n'est pas permis : l'adresse http(s) du flux en ligne, le chemin d'une copie "
                            "téléchargée, ou False pour déclarer une première publication"),
    "podcast.E122": Message("un dictionnaire avec au moins « name » est attendu, "
                            "ex. {{\"name\": \"Lille\", \"geo\": \"geo:50.63,3.06\"}}"),
    "podcast.E123": Message("clé(s) inconnue(s) {unknown}", "permises : {allowed}"),
    "podcast.E124": Message("geo {value!r} : attendu « geo:latitude,longitude », ex. « geo:50.63,3.06 »"),
    "podcast.E125": Message("osm {value!r} : attendu la lettre du type OpenStreetMap et le numéro, ex. « R58404 »"),
    "podcast.E126": Message("name : 128 caractères au plus (l'espace de noms Podcast Index)"),
    "podcast.E127": Message("{value!r} n'est pas permis, choisir parmi : {allowed}"),
    "podcast.E128": Message("un dictionnaire avec au moins « text » est attendu, "
                            "ex. {{\"text\": \"Un épisode par mois\", \"rrule\": \"FREQ=MONTHLY\"}}"),
    "podcast.E129": Message("rrule {value!r} n'est pas une règle iCalendar (RFC 5545), ex. « FREQ=MONTHLY »"),
    "podcast.E130": Message("complete : True ou False attendu, pas {value!r}"),
    "podcast.E132": Message("sans PODCAST_LICENSE, le flux ne peut pas la publier",
                            "donnez aussi le nom ou l'identifiant SPDX de la licence, ex. PODCAST_LICENSE = \"CC-BY-4.0\""),
    # List settings (PODCAST_TXT, PODCAST_PODROLL): the list, then each entry by its position.
    "podcast.E133": Message("une liste de dictionnaires est attendue, pas {value!r}", hints={
        "PODCAST_TXT": TXT_EXAMPLE, "PODCAST_PODROLL": PODROLL_EXAMPLE}),
    "podcast.E134": Message("élément {position} : clé(s) inconnue(s) {unknown}", "permises : {allowed}"),
    "podcast.E135": Message("élément {position} : un dictionnaire avec au moins « text » (une chaîne) est attendu, "
                            "pas {value!r}", TXT_EXAMPLE),
    "podcast.E136": Message("élément {position} : purpose : une chaîne est attendue, ex. \"verify\", pas {value!r}"),
    "podcast.E137": Message("élément {position} : « feedGuid » doit être le podcast:guid de l'émission recommandée "
                            "(un UUID, lu dans son flux), pas {value!r}", PODROLL_EXAMPLE),
    "podcast.E138": Message("élément {position} : feedUrl : {value!r} n'est pas permis : l'adresse http(s) absolue du "
                            "flux de l'émission est attendue"),
    "podcast.E139": Message("élément {position} : {guid} est le podcast:guid de cette émission-ci",
                            "une podroll recommande d'autres émissions"),
    "podcast.E140": Message("élément {position} : {guid} est déjà dans la liste", "chaque émission une seule fois"),
    # The audio manifest (manifest.py): damaged as a whole, one entry, what it says of a file.
    "podcast.E150": Message("manifeste audio abîmé, illisible ({error})", DAMAGED_MANIFEST),
    "podcast.E151": Message("manifeste audio abîmé, ce n'est pas du JSON valide (ligne {row}, colonne {column} : "
                            "{error})", DAMAGED_MANIFEST),
    "podcast.E152": Message("manifeste audio abîmé, ce n'est pas un manifeste audio (« format » : {expected!r} "
                            "attendu)", DAMAGED_MANIFEST),
    "podcast.E153": Message("manifeste audio abîmé, version {version!r} inconnue ({expected} attendue)",
                            DAMAGED_MANIFEST),
    "podcast.E154": Message("manifeste audio abîmé, « audio » manquant ou n'est pas un objet", DAMAGED_MANIFEST),
    "podcast.E155": Message("entrée {key!r} invalide ({error})",
                            "corrigez-la, ou retirez-la et lancez « invoke check » avec le fichier audio présent"),
    "podcast.E156": Message("l'image intégrée à l'audio, extraite en {image}, est introuvable ({manifest})",
                            "commitez-la, ou lancez « invoke check » avec le fichier audio présent"),
    "podcast.E157": Message("l'image {image} n'est plus celle extraite de l'audio (sha256 différent)",
                            "lancez « invoke check » avec le fichier audio présent"),
    "podcast.E158": Message("{reason}, ni d'entrée dans {name} ({manifest})",
                            "ajoutez le fichier puis lancez « invoke check », qui écrit son entrée"),
    "podcast.E159": Message("{written!r} a changé depuis que son entrée de {manifest} a été écrite (sha256 différent)",
                            UPDATE_MANIFEST),
    "podcast.E160": Message("{written!r} ne se lit plus comme son entrée de {manifest} le dit (lecteur audio mis à "
                            "jour ?)", UPDATE_MANIFEST),
    "podcast.E161": Message("impossible d'écrire le manifeste audio ({error})", "vérifiez les droits du dossier"),
    # The media host (media_host.py, `invoke check --media-host`): a file there, as the manifest says.
    "podcast.E170": Message("{written!r} : absent de l'hôte des médias ({url} répond HTTP {status})", hints=MEDIA_HOST),
    "podcast.E171": Message("{written!r} : l'hôte des médias ne donne pas sa taille ({url} : pas d'en-tête "
                            "Content-Length)", hints=MEDIA_HOST),
    "podcast.E172": Message("{written!r} : l'hôte des médias en a une autre version ({url} : {length} octets, {size} "
                            "selon {manifest})", hints=MEDIA_HOST),
    "podcast.E173": Message("hôte des médias injoignable pour {count} fichier(s), par exemple {example}",
                            "vérifiez l'adresse et votre connexion"),
    "podcast.E174": Message("PODCAST_MEDIA_URL n'est pas réglé : il n'y a pas d'hôte des médias à vérifier",
                            "« invoke check --media-host » lit les réglages de production, publishconf.py"),
    # The audio quality report (loudness.py): warnings, on the episode's Audio line.
    "podcast.W001": Message("{written!r} : volume moyen {loudness} LUFS, trop faible pour un podcast (visez {stereo} "
                            "LUFS ±1 en stéréo, {mono} en mono)", NORMALISE),
    "podcast.W002": Message("{written!r} : volume moyen {loudness} LUFS, trop fort pour un podcast (visez {stereo} "
                            "LUFS ±1 en stéréo, {mono} en mono)", NORMALISE),
    "podcast.W003": Message("{written!r} : crête réelle {peak} dBTP, au-dessus de {most} dBTP : le son saturera une "
                            "fois réencodé par les applications",
                            "appliquez un limiteur réglé à −1 dB avant l'export (par exemple « Limiteur » d'Audacity)"),
    "podcast.W004": Message("{written!r} : fréquence d'échantillonnage {rate}, inhabituelle pour un podcast (attendu : "
                            "{first} ou {second})", "ré-exportez-le en 44,1 kHz depuis votre logiciel de montage"),
    "podcast.W005": Message("{written!r} : {channels} canaux, alors qu'un podcast est en mono ou en stéréo (beaucoup "
                            "d'applications ne lisent pas plus)",
                            "ré-exportez-le en stéréo, ou en mono pour de la voix seule"),
    "podcast.W006": Message("{written!r} : MP3 à {bitrate} kbit/s en mono, trop peu (au moins {stereo} kbit/s en "
                            "stéréo, {mono} en mono) : le son sera dégradé", "ré-exportez-le à {mono} kbit/s ou plus"),
    "podcast.W007": Message("{written!r} : MP3 à {bitrate} kbit/s en stéréo, trop peu (au moins {stereo} kbit/s en "
                            "stéréo, {mono} en mono) : le son sera dégradé",
                            "ré-exportez-le à {stereo} kbit/s ou plus, ou en mono à {mono} kbit/s s'il n'y a que de "
                            "la voix"),
    # The file could not be measured: one warning, the build goes on.
    "podcast.W010": Message("{written!r} : volume et crêtes non mesurés, aucun ffmpeg trouvé", INSTALL_FFMPEG),
    "podcast.W011": Message("{written!r} : volume et crêtes non mesurés, ffmpeg n'a pas fini de lire le fichier à "
                            "temps", "vérifiez qu'il se lit en entier dans un lecteur audio, sinon ré-exportez-le"),
    "podcast.W012": Message("{written!r} : volume et crêtes non mesurés, ffmpeg ({ffmpeg}) ne démarre pas ({error})",
                            INSTALL_FFMPEG),
    "podcast.W013": Message("{written!r} : volume et crêtes non mesurés, ffmpeg ne peut pas décoder le fichier "
                            "({error})", "vérifiez qu'il se lit dans un lecteur audio, sinon ré-exportez-le"),
    # The continuity guard (continuity.py): what listeners' apps would suffer, and how to declare it.
    "podcast.E180": Message("le flux en ligne identifie l'émission par podcast:guid {live!r}, ce flux par {new!r} : les "
                            "annuaires et les applications y verraient une autre émission",
                            "écrivez PODCAST_GUID = {live!r} ; pour en changer exprès, ajoutez "
                            "PODCAST_PREVIOUS_GUID = {live!r}"),
    "podcast.E181": Message("l'adresse du flux (atom:link rel=\"self\") change ({old} → {now}) : les applications "
                            "abonnées continueraient de lire l'ancienne adresse", MOVE_FEED),
    "podcast.E182": Message("le lien du site (<link>) change ({old} → {now}) : les applications abonnées continueraient "
                            "de lire l'ancienne adresse", MOVE_FEED),
    "podcast.E183": Message("l'adresse du fichier audio de {episode} change ({old} → {now}) : les applications le "
                            "téléchargeraient à nouveau et perdraient la reprise de lecture",
                            "remettez l'ancien fichier ; pour en changer exprès, ajoutez la ligne « {declare}: {old} » "
                            "(si c'est tout l'hébergement audio qui déménage : PODCAST_PREVIOUS_MEDIA_URL, l'ancienne "
                            "adresse de base)"),
    "podcast.E184": Message("la date de publication de {episode} change ({old} → {now}) : les applications le "
                            "reclasseraient, certaines le proposeraient comme nouveau",
                            "remettez « Date: {written} » ; pour la changer exprès, ajoutez la ligne « {declare}: {old} »"),
    "podcast.E185": Message("cet épisode ({same}) est publié dans le flux en ligne sous le GUID {old!r} et prendrait le "
                            "GUID {new!r} : les applications le téléchargeraient à nouveau comme un nouvel épisode",
                            "ajoutez (ou remettez) la ligne « Guid: {old} » ; pour changer de GUID exprès, ajoutez la "
                            "ligne « {declare}: {old} »"),
    "podcast.E186": Message("{episode} est dans le flux en ligne mais n'y serait plus ({why}) : les applications "
                            "effaceraient l'épisode chez les abonnés",
                            "publiez-le à nouveau ; pour le retirer exprès, écrivez « Status: {withdrawn} »"),
    "podcast.E187": Message("{episode}, publié le {date}, est dans le flux en ligne mais n'a plus de fichier d'épisode : "
                            "les applications l'effaceraient chez les abonnés",
                            "remettez son fichier (git restore) ; pour le retirer exprès, gardez son fichier avec les "
                            "lignes « Status: {withdrawn} » et « Guid: {guid} »"),
    # The publication guard (publication_guard.py): every episode published names its GUID.
    "podcast.E188": Message("absent", "ajoutez la ligne « Guid: {guid} » (son GUID dans le flux, tiré du nom du fichier) : "
                            "écrit dans le fichier, il ne change plus si le fichier est renommé"),
    # The live feed (live_feed.py), without which a publication cannot be compared.
    "podcast.E190": Message("le flux en ligne {source} est injoignable ({error}) : la publication s'arrête, la "
                            "continuité des épisodes ne pouvant être vérifiée",
                            "réessayez, ou donnez dans PODCAST_LIVE_FEED le chemin d'une copie du flux en ligne"),
    "podcast.E191": Message("{source} répond HTTP {status} : la publication s'arrête, le flux en ligne n'ayant pu être lu",
                            "réessayez quand l'adresse répond"),
    "podcast.E192": Message("impossible de lire {source} ({error})",
                            "donnez le chemin du flux en ligne téléchargé, ou son adresse https://"),
    "podcast.E193": Message("{source} : {error} : la publication s'arrête, la continuité des épisodes ne pouvant être "
                            "vérifiée"),
    "podcast.E194": Message("aucun flux à {source} (HTTP {status}) alors que le site {home} {answer}",
                            "si le flux a changé d'adresse, donnez l'ancienne dans PODCAST_PREVIOUS_FEED_URL ; si le "
                            "podcast n'a jamais été publié, déclarez-le pour cette publication avec "
                            "PODCAST_LIVE_FEED = False"),
    # Several episodes together (episodes.py).
    "podcast.E020": Message("le même fichier audio sert déjà à {others}"),
    "podcast.E021": Message("le numéro {number}{in_season} est déjà pris par {others}"),
    "podcast.E022": Message("{guid!r} est déjà l'identifiant de {others}"),
})
