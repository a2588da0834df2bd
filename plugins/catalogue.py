"""The site's problems, worded once: code -> French message and hint (the podcast plugin's problem_record).

A code never changes meaning once given: the editors' guide and the tests name problems by it.
`content.*` is about what a file in content/ says (front matter, text values), `settings.*` about
pelicanconf.py / publishconf.py. The podcast plugin words its own (`podcast.*`) in its catalogue.
"""

from __future__ import annotations

from pelican.plugins.podcast.problem_record import Catalogue, Message

SITE = Catalogue({
    # Front matter, any kind of content: content.E001-E008, worded by the podcast plugin with its rules.
    # Addresses Pelican makes from a text (plugins/checks/content_fields.py).
    "content.E009": Message("le titre ne donne pas d'adresse utilisable ('{slug}')", "ajoutez une ligne « Slug: … »"),
    "content.E010": Message(
        "« {label} » ne donne aucune adresse (il lui faut au moins une lettre ou un chiffre) : changez-le"
    ),
    # What Pelican says about a file it reads (plugins/checks/pelican_log.py).
    "content.E030": Message("champ obligatoire manquant"),
    "content.E031": Message("fichier illisible ({cause})"),
    # {filename} and {static} are given as themselves ("{filename}"): the words the editor writes.
    "content.W001": Message("lien {filename} vers le fichier statique '{target}' : écrivez {static} pour une image ou un "
                            "fichier"),
    "pelican.E001": Message("Pelican : {text}"),
    "pelican.W001": Message("Pelican : {text}"),
    # What a published file must not keep (plugins/checks/content_fields.py): warnings.
    "content.W002": Message("le fichier contient encore {count} ligne(s) « À FAIRE : … » : complétez-les, puis effacez-les"),
    "content.W003": Message("image '{name}' sans texte alternatif : décrivez-la entre les crochets ![…](…) pour les "
                            "lecteurs d'écran"),
    # Links between contents (plugins/checks/links.py); the line is the one that holds the link.
    "content.E040": Message(
        "lien vers '{target}' introuvable : vérifiez le nom du fichier visé (chemin relatif au fichier qui contient "
        "le lien, extension comprise, ex. {filename}autre-article.md)"),
    "content.E041": Message("lien « {link} » : {{{kind}}} n'est pas une sorte de lien connue", "écrivez {kinds}"),
    # A bare relative link (plugins/checks/bare_links.py): published as written, it leads nowhere.
    "content.E042": Message(
        "lien '{target}' écrit sans {static} ni {filename} : le navigateur le chercherait à partir de l'adresse de la "
        "page, où il n'est pas", hints={
            "known": "écrivez {written}",
            "unknown": "écrivez {static}/chemin pour une image ou un fichier de content/, {filename}/chemin.md pour un "
                       "article ou une page, /chemin/ pour une adresse du site, ou une adresse complète (https://…)",
        }),
    # What the build writes (plugins/checks/addresses.py): `field` is the Slug of a file, or names a generated page.
    "content.E050": Message("le chemin '{path}' sortirait du dossier de sortie", "donnez un chemin relatif sans « .. »"),
    "content.E051": Message("l'adresse '{path}' est déjà celle de {first}", "changez le Slug (ou le titre) de l'un des deux"),
    # Text values, wherever they are published: content.E020-E023, worded by the podcast plugin with its rules.
    # Settings (pelicanconf.py, publishconf.py): the record's field is the setting.
    "settings.E003": Message("un nombre de secondes positif est attendu, pas {value!r}"),
    "settings.E004": Message("{value!r} n'est pas un fuseau horaire connu (ex. 'Europe/Paris')"),
    "settings.E005": Message("{value!r} n'est pas une langue connue (ex. 'fr_FR' ou 'fr')"),
    "settings.E006": Message("{value!r} n'est pas un motif de date Babel ({error})"),
    "settings.E007": Message("doit {expected} en production (publishconf.py) : les brouillons ne se publient pas"),
    "settings.E008": Message("une adresse est attendue, pas {value!r}"),
    "settings.E009": Message(
        "{value!r} ne convient pas à la production : une adresse absolue en https est attendue, ex. "
        "'https://www.cite-ia.fr' (sans elle, les adresses du flux seraient relatives)"),
    "settings.E010": Message("{value!r} doit être vide (site local) ou une adresse complète, ex. 'https://www.cite-ia.fr'"),
    "settings.E011": Message("le plugin ne se charge pas ({plugin}) : {cause}"),
    # The settings of plugins.search and plugins.sharing.
    "sharing.E001": Message("{value!r} n'est pas une adresse https absolue, ex. 'https://www.cite-ia.fr' (ou None)"),
    "sharing.E002": Message("un dictionnaire de propriétés schema.org est attendu, ex. {{'foundingDate': '2020-01'}}"),
    "sharing.E003": Message("{taken} : déjà donné(s) par SITENAME et SITEURL, retirez-les"),
    "sharing.E004": Message("une valeur ne s'écrit pas en JSON ({error}) : textes, nombres, listes, dictionnaires"),
    "search.E001": Message("{value!r} doit être un dossier relatif dans le site, sans « .. », ex. 'pagefind'"),
    # The web editor's settings (plugins.admin).
    "admin.E001": Message("{value!r} doit être un dossier relatif dans le site, ex. 'admin'"),
    "admin.E002": Message("{value!r} doit être une adresse de cette machine, ex. 'http://127.0.0.1:8081/api/v1', ou None"),
    "admin.E003": Message("jamais en production (publishconf.py) : mettez None, l'éditeur du site public enregistre sur "
                          "GitHub"),
    "admin.E004": Message("un nombre entier de 1 à 100 (Mo) est attendu, pas {value!r}"),
    "admin.E005": Message("{value!r} doit s'écrire propriétaire/dépôt, ex. 'cite-ia/site'"),
})
