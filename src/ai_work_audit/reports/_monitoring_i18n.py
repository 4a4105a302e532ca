"""English and French texts of the monitoring report (message ids ``mon.*``).

Merged into ``_i18n.MESSAGES`` (same conventions: French spacing is applied by ``Lang``, so the
French texts below use plain spaces before ``:``, ``;``, ``%``). This module imports nothing of
the package, so that the shared catalogue can import it.
"""

from __future__ import annotations

from typing import Final

_EVENT_TYPES: Final[dict[str, tuple[str, str]]] = {
    "keystroke": ("Keystrokes", "Frappes au clavier"),
    "screenshot": ("Screenshots", "Captures d'écran"),
    "screen_recording": ("Screen recording", "Enregistrement de l'écran"),
    "webcam": ("Webcam", "Webcam"),
    "audio": ("Audio capture", "Captation audio"),
    "url": ("Web browsing (URLs)", "Navigation web (URL)"),
    "app_usage": ("Application usage", "Utilisation des applications"),
    "email": ("E-mail", "Messagerie électronique"),
    "chat": ("Chat messages", "Messagerie instantanée"),
    "file": ("File activity", "Activité sur les fichiers"),
    "location": ("Geolocation", "Géolocalisation"),
    "badge": ("Badge access", "Badgeage"),
    "biometric": ("Biometrics", "Biométrie"),
    "idle": ("Idle time", "Temps d'inactivité"),
    "productivity_score": ("Productivity score", "Score de productivité"),
    "emotion": ("Emotion inference", "Inférence des émotions"),
    "logon": ("Log-on and log-off", "Connexions et déconnexions"),
    "device": ("Removable devices", "Périphériques amovibles"),
}

_PII_TYPES: Final[dict[str, tuple[str, str]]] = {
    "EMAIL_ADDRESS": ("E-mail address", "Adresse électronique"),
    "PHONE_NUMBER": ("Phone number", "Numéro de téléphone"),
    "PERSON": ("Person's name", "Nom de personne"),
    "LOCATION": ("Place", "Lieu"),
    "DATE_TIME": ("Date or time", "Date ou heure"),
    "IP_ADDRESS": ("IP address", "Adresse IP"),
    "URL": ("Web address", "Adresse web"),
    "IBAN_CODE": ("Bank account (IBAN)", "Compte bancaire (IBAN)"),
    "CREDIT_CARD": ("Payment card number", "Numéro de carte bancaire"),
    "FR_NIR": ("French social security number (NIR)", "Numéro de sécurité sociale (NIR)"),
    "FR_SIREN": ("SIREN number", "Numéro SIREN"),
    "FR_SIRET": ("SIRET number", "Numéro SIRET"),
    "US_SSN": ("US social security number", "Numéro de sécurité sociale américain"),
    "HEALTH": ("Health", "Santé"),
    "TRADE_UNION": ("Trade-union membership or activity", "Appartenance ou activité syndicale"),
    "RELIGION": ("Religious beliefs", "Convictions religieuses"),
    "ETHNIC_ORIGIN": ("Ethnic origin", "Origine ethnique"),
    "POLITICAL_OPINION": ("Political opinions", "Opinions politiques"),
    "SEXUAL_ORIENTATION": ("Sexual orientation", "Orientation sexuelle"),
    "BIOMETRIC": ("Biometric data", "Données biométriques"),
}

MONITORING_MESSAGES: Final[dict[str, dict[str, str]]] = {
    # --- shell ------------------------------------------------------------------------------
    "mon.title": {"en": "Workplace monitoring audit", "fr": "Audit de la surveillance au travail"},
    "mon.subtitle.log": {
        "en": "Monitoring logs: the personal data they expose and how intensely workers are "
        "watched — Platform Work Directive, GDPR, AI Act, CNIL",
        "fr": "Journaux de surveillance : données personnelles exposées et intensité de la "
        "surveillance des salariés — directive sur le travail via une plateforme, RGPD, "
        "règlement sur l'IA, CNIL",
    },
    "mon.subtitle.table": {
        "en": "HR export: which columns hold which personal data — GDPR, Platform Work Directive",
        "fr": "Export RH : quelles colonnes contiennent quelles données personnelles — RGPD, "
        "directive sur le travail via une plateforme",
    },
    "mon.escaping.note": {
        "en": "File, column and group names and redacted samples are shown as they appear in "
        "the input, except that a value a spreadsheet would read as a formula is prefixed with "
        "an apostrophe (').",
        "fr": "Les noms de fichiers, de colonnes et de groupes et les extraits caviardés sont "
        "reproduits tels qu'ils figurent dans les données, sauf qu'une apostrophe (') précède "
        "ceux qu'un tableur lirait comme une formule.",
    },
    # --- metadata ---------------------------------------------------------------------------
    "mon.meta.kind": {"en": "Data audited", "fr": "Données auditées"},
    "mon.kind.log": {"en": "monitoring log", "fr": "journal de surveillance"},
    "mon.kind.table": {"en": "HR export (table)", "fr": "export RH (tableau)"},
    "mon.meta.files": {"en": "Files read", "fr": "Fichiers lus"},
    "mon.meta.file": {"en": "{name} ({rows} rows)", "fr": "{name} ({rows} lignes)"},
    "mon.meta.events": {"en": "Events read", "fr": "Événements lus"},
    "mon.meta.workers": {"en": "Workers", "fr": "Salariés"},
    "mon.meta.period": {"en": "Period covered", "fr": "Période couverte"},
    "mon.meta.period_value": {"en": "{first} → {last}", "fr": "{first} → {last}"},
    "mon.meta.timezone": {"en": "Time zone", "fr": "Fuseau horaire"},
    "mon.meta.working_time": {"en": "Working time", "fr": "Temps de travail"},
    "mon.meta.working_time_value": {"en": "{hours}, {days}", "fr": "{hours}, {days}"},
    "mon.meta.policies": {"en": "Policy packs", "fr": "Référentiels appliqués"},
    "mon.meta.mapping": {"en": "Column mapping", "fr": "Correspondance des colonnes"},
    "mon.meta.columns": {"en": "Columns", "fr": "Colonnes"},
    # --- plain-language summary -------------------------------------------------------------
    "mon.plain.heading": {
        "en": "In plain words, for workers' representatives",
        "fr": "En clair, pour les représentants du personnel",
    },
    "mon.plain.monitored": {
        "en": "What is monitored: {events} events about {workers} workers, from {first} to "
        "{last}, of {types} kinds — {kinds}.",
        "fr": "Ce qui est surveillé : {events} événements concernant {workers} salariés, du "
        "{first} au {last}, de {types} types — {kinds}.",
    },
    "mon.plain.intrusive": {
        "en": "The most intrusive of them: {kinds}.",
        "fr": "Les plus intrusifs d'entre eux : {kinds}.",
    },
    "mon.plain.intensity": {
        "en": "How intensely: each worker is followed by {median} kinds of monitoring "
        "(median; up to {max}). The densest: {densest}.",
        "fr": "Avec quelle intensité : chaque salarié est suivi par {median} types de "
        "surveillance (médiane ; jusqu'à {max}). Les plus denses : {densest}.",
    },
    "mon.plain.densest_item": {
        "en": "{kind}, {median} a day per worker (median interval {interval})",
        "fr": "{kind}, {median} par jour et par salarié (intervalle médian {interval})",
    },
    "mon.plain.off_hours": {
        "en": "Outside working time: {share} of the events ({events}) were recorded outside "
        "working time.",
        "fr": "Hors du temps de travail : {share} des événements ({events}) ont été enregistrés "
        "en dehors du temps de travail.",
    },
    "mon.plain.on_leave": {
        "en": "During leave: {events} events were recorded while the worker was on leave.",
        "fr": "Pendant les congés : {events} événements ont été enregistrés alors que le "
        "salarié était en congé.",
    },
    "mon.plain.pii": {
        "en": "Personal data in the logs: {with_pii} of {scanned} records ({share}) contain "
        "personal data.",
        "fr": "Données personnelles dans les journaux : {with_pii} enregistrements sur {scanned} "
        "({share}) en contiennent.",
    },
    "mon.plain.special": {
        "en": "Sensitive data (GDPR art. 9 and union activity): {items}.",
        "fr": "Données sensibles (art. 9 du RGPD et activité syndicale) : {items}.",
    },
    "mon.plain.special_item": {
        "en": "{type} in {records} records about {workers} workers",
        "fr": "{type} dans {records} enregistrements concernant {workers} salariés",
    },
    "mon.plain.special_item_table": {
        "en": "{type} in {columns} column(s)",
        "fr": "{type} dans {columns} colonne(s)",
    },
    "mon.plain.no_special": {
        "en": "No special-category or union data was detected.",
        "fr": "Aucune donnée sensible ni syndicale n'a été détectée.",
    },
    "mon.plain.table": {
        "en": "What the export holds: {rows} rows and {columns} columns; {direct} columns hold "
        "direct identifiers and {special} columns hold special-category data.",
        "fr": "Ce que contient l'export : {rows} lignes et {columns} colonnes ; {direct} "
        "colonnes contiennent des identifiants directs et {special} des données sensibles.",
    },
    "mon.plain.rules": {
        "en": "What breaks which rule: {fail} failed finding(s), {critical} of them critical and "
        "{high} high; {warn} warning(s); {na} rule(s) could not be checked for lack of evidence.",
        "fr": "Quelles règles sont enfreintes : {fail} constat(s) non conforme(s), dont "
        "{critical} critique(s) et {high} de gravité élevée ; {warn} avertissement(s) ; {na} "
        "règle(s) non vérifiable(s) faute de preuves.",
    },
    "mon.plain.broken": {"en": "Rules broken", "fr": "Règles enfreintes"},
    "mon.plain.none_broken": {
        "en": "No rule is broken.",
        "fr": "Aucune règle n'est enfreinte.",
    },
    "mon.kf.events": {"en": "monitoring events", "fr": "événements de surveillance"},
    "mon.kf.workers": {"en": "workers monitored", "fr": "salariés surveillés"},
    "mon.kf.types": {"en": "kinds of monitoring", "fr": "types de surveillance"},
    "mon.kf.off_hours": {"en": "outside working time", "fr": "hors temps de travail"},
    "mon.kf.pii": {"en": "records with personal data", "fr": "enregistrements avec données "
                   "personnelles"},
    "mon.kf.failed": {"en": "failed findings", "fr": "constats non conformes"},
    "mon.kf.critical": {"en": "of them critical", "fr": "dont critiques"},
    "mon.kf.rows": {"en": "rows", "fr": "lignes"},
    "mon.kf.columns": {"en": "columns", "fr": "colonnes"},
    "mon.kf.direct": {"en": "direct-identifier columns", "fr": "colonnes d'identifiants directs"},
    "mon.kf.special": {"en": "special-category columns", "fr": "colonnes de données sensibles"},
    # --- findings ---------------------------------------------------------------------------
    "mon.findings.group.fail": {"en": "Failed ({n})", "fr": "Non conformes ({n})"},
    "mon.findings.group.error": {"en": "Errors ({n})", "fr": "Erreurs ({n})"},
    "mon.findings.group.warn": {"en": "Warnings ({n})", "fr": "Avertissements ({n})"},
    "mon.findings.group.not_available": {
        "en": "Could not be checked ({n})",
        "fr": "Non vérifiables ({n})",
    },
    "mon.findings.group.pass": {"en": "Passed ({n})", "fr": "Conformes ({n})"},
    "mon.findings.group.not_applicable": {
        "en": "Not applicable ({n})",
        "fr": "Sans objet ({n})",
    },
    # --- personal data ----------------------------------------------------------------------
    "mon.pii.heading": {"en": "Personal data exposed", "fr": "Données personnelles exposées"},
    "mon.pii.intro": {
        "en": "{with_pii} of {scanned} records contain at least one kind of personal data "
        "({distinct} distinct texts were scanned). Special categories and union data are "
        "highlighted.",
        "fr": "{with_pii} enregistrements sur {scanned} contiennent au moins une donnée "
        "personnelle ({distinct} textes distincts analysés). Les catégories particulières et "
        "les données syndicales sont mises en évidence.",
    },
    "mon.pii.intro_table": {
        "en": "{scanned} rows scanned. For each type, the number of non-empty values detected "
        "as that type, summed over the columns, and the number of columns concerned.",
        "fr": "{scanned} lignes analysées. Pour chaque type, le nombre de valeurs renseignées "
        "détectées comme telles, additionné sur les colonnes, et le nombre de colonnes "
        "concernées.",
    },
    "mon.pii.none": {
        "en": "No personal data was detected.",
        "fr": "Aucune donnée personnelle n'a été détectée.",
    },
    "mon.col.pii_type": {"en": "Personal data", "fr": "Donnée personnelle"},
    "mon.col.records": {"en": "Records", "fr": "Enregistrements"},
    "mon.col.workers": {"en": "Workers", "fr": "Salariés"},
    "mon.col.columns": {"en": "Columns", "fr": "Colonnes"},
    "mon.col.share_records": {"en": "Share of records", "fr": "Part des enregistrements"},
    "mon.col.category": {"en": "Category", "fr": "Catégorie"},
    "mon.cat.special": {
        "en": "special category (GDPR art. 9)",
        "fr": "catégorie particulière (art. 9 RGPD)",
    },
    "mon.cat.union": {"en": "union activity (GDPR art. 9)", "fr": "activité syndicale (art. 9 "
                      "RGPD)"},
    "mon.cat.direct": {"en": "direct identifier", "fr": "identifiant direct"},
    "mon.cat.other": {"en": "other personal data", "fr": "autre donnée personnelle"},
    # --- surveillance -----------------------------------------------------------------------
    "mon.surv.heading": {"en": "Surveillance intensity", "fr": "Intensité de la surveillance"},
    "mon.surv.by_type": {"en": "By kind of monitoring", "fr": "Par type de surveillance"},
    "mon.surv.caption": {
        "en": "Events, workers followed, median time between two events of the same worker, "
        "and events per worker and day",
        "fr": "Événements, salariés suivis, intervalle médian entre deux événements d'un même "
        "salarié et événements par salarié et par jour",
    },
    "mon.col.event_type": {"en": "Kind of monitoring", "fr": "Type de surveillance"},
    "mon.col.events": {"en": "Events", "fr": "Événements"},
    "mon.col.interval": {"en": "Median interval", "fr": "Intervalle médian"},
    "mon.col.per_day": {"en": "Per worker-day: median", "fr": "Par salarié-jour : médiane"},
    "mon.col.p95": {"en": "95th pct.", "fr": "95e centile"},
    "mon.col.max": {"en": "max.", "fr": "max."},
    "mon.col.off_hours": {"en": "Outside working time", "fr": "Hors temps de travail"},
    "mon.col.refs": {"en": "Checklist", "fr": "Liste de contrôle"},
    "mon.flag.intrusive": {"en": "intrusive", "fr": "intrusif"},
    "mon.flag.least": {"en": "least monitored", "fr": "le moins surveillé"},
    "mon.flag.high_ratio": {
        "en": "twice the least monitored or more",
        "fr": "au moins le double du moins surveillé",
    },
    "mon.flag.suppressed": {"en": "suppressed", "fr": "masqué"},
    "mon.flag.content": {"en": "content captured", "fr": "contenu capté"},
    "mon.chart.title": {
        "en": "Events per worker and day, by kind of monitoring",
        "fr": "Événements par salarié et par jour, par type de surveillance",
    },
    "mon.chart.desc": {
        "en": "Each bar is the median number of events per worker and day; the line runs to "
        "the 95th percentile and the tick marks the maximum.",
        "fr": "Chaque barre donne le nombre médian d'événements par salarié et par jour ; le "
        "trait va jusqu'au 95e centile et la marque indique le maximum.",
    },
    "mon.chart.other": {"en": "other kinds", "fr": "autres types"},
    "mon.chart.legend": {
        "en": "bar: median · line: 95th percentile · tick: maximum",
        "fr": "barre : médiane · trait : 95e centile · marque : maximum",
    },
    "mon.surv.time.heading": {
        "en": "Outside working time and during leave",
        "fr": "Hors du temps de travail et pendant les congés",
    },
    "mon.surv.off_hours": {
        "en": "{share} of all events ({events}) were recorded outside working time ({hours}, "
        "{days}, time zone {timezone}).",
        "fr": "{share} des événements ({events}) ont été enregistrés en dehors du temps de "
        "travail ({hours}, {days}, fuseau horaire {timezone}).",
    },
    "mon.surv.on_leave": {
        "en": "{events} events were recorded while the worker was on leave according to the HR "
        "roster.",
        "fr": "{events} événements ont été enregistrés alors que le salarié était en congé "
        "selon le registre RH.",
    },
    "mon.surv.on_leave_unknown": {
        "en": "Leave periods were not available (no roster with leave_start and leave_end), so "
        "events during leave could not be counted.",
        "fr": "Les périodes de congé n'étaient pas disponibles (pas de registre avec "
        "leave_start et leave_end) : les événements pendant les congés n'ont pas pu être "
        "comptés.",
    },
    "mon.surv.modalities": {
        "en": "Kinds of monitoring per worker: median {median}, maximum {max}.",
        "fr": "Types de surveillance par salarié : médiane {median}, maximum {max}.",
    },
    "mon.surv.content.heading": {"en": "Content or metadata", "fr": "Contenu ou métadonnées"},
    "mon.surv.content.intro": {
        "en": "Whether an event captures content (the text of a message, a full URL, typed "
        "keys) or only records that something happened.",
        "fr": "Un événement capte-t-il un contenu (texte d'un message, URL complète, touches "
        "frappées) ou seulement le fait que quelque chose s'est produit\u202f?",
    },
    "mon.col.with_content": {"en": "With content", "fr": "Avec contenu"},
    "mon.col.metadata_only": {"en": "Metadata only", "fr": "Métadonnées seules"},
    "mon.col.share_content": {"en": "Share with content", "fr": "Part avec contenu"},
    "mon.surv.groups.heading": {"en": "Intensity by group", "fr": "Intensité par groupe"},
    "mon.surv.groups.intro": {
        "en": "Events per worker and day for each group of the HR roster, compared with the "
        "least monitored group (ratio 1). Groups of fewer than {k} workers are flagged as small "
        "samples and left out of the reference.",
        "fr": "Événements par salarié et par jour pour chaque groupe du registre RH, rapportés "
        "au groupe le moins surveillé (rapport 1). Les groupes de moins de {k} salariés sont "
        "signalés comme petits échantillons et exclus de la référence.",
    },
    "mon.col.worker_days": {"en": "Worker-days", "fr": "Jours-salarié"},
    "mon.col.rate": {"en": "Events per worker-day", "fr": "Événements par salarié-jour"},
    "mon.col.ratio_least": {
        "en": "Ratio to least monitored",
        "fr": "Rapport au moins surveillé",
    },
    "mon.surv.groups.notes": {
        "en": "Workers with no value: {unknown}. Events of workers missing from the roster: "
        "{missing}.",
        "fr": "Salariés sans valeur : {unknown}. Événements de salariés absents du registre : "
        "{missing}.",
    },
    "mon.retention.heading": {"en": "Retention", "fr": "Durée de conservation"},
    "mon.retention.intro": {
        "en": "On {as_of}, {records} records were older than their retention limit ({share} of "
        "the records that have one).",
        "fr": "Au {as_of}, {records} enregistrements dépassaient leur durée de conservation "
        "({share} des enregistrements soumis à une limite).",
    },
    "mon.retention.none": {
        "en": "No retention limit applies to the kinds of monitoring of this log.",
        "fr": "Aucune durée de conservation ne s'applique aux types de surveillance de ce "
        "journal.",
    },
    "mon.col.limit": {"en": "Retention limit", "fr": "Durée maximale"},
    "mon.col.past_limit": {"en": "Records past the limit", "fr": "Enregistrements au-delà"},
    "mon.retention.days": {"en": "{n} days", "fr": "{n} jours"},
    "mon.retention.months": {"en": "{n} months", "fr": "{n} mois"},
    "mon.retention.month": {"en": "{n} month", "fr": "{n} mois"},
    "mon.retention.absent": {"en": "not in this log", "fr": "absent de ce journal"},
    # --- columns of an HR export ------------------------------------------------------------
    "mon.columns.heading": {"en": "Columns of the HR export", "fr": "Colonnes de l'export RH"},
    "mon.columns.intro": {
        "en": "Each column's distinct values were scanned; a column is a direct identifier or "
        "a special category by its name or by the share of its values detected as such.",
        "fr": "Les valeurs distinctes de chaque colonne ont été analysées ; une colonne est un "
        "identifiant direct ou une catégorie particulière d'après son nom ou la part de ses "
        "valeurs détectées comme telles.",
    },
    "mon.col.column": {"en": "Column", "fr": "Colonne"},
    "mon.col.non_empty": {"en": "Non-empty values", "fr": "Valeurs renseignées"},
    "mon.col.detected": {
        "en": "Personal data detected (share of values)",
        "fr": "Données personnelles détectées (part des valeurs)",
    },
    # --- samples, warnings ------------------------------------------------------------------
    "mon.samples.heading": {"en": "Redacted samples", "fr": "Extraits caviardés"},
    "mon.samples.intro": {
        "en": "REDACTED examples of records where personal data was found: every item detected "
        "is replaced by its type in angle brackets, such as <EMAIL_ADDRESS>. The raw text is "
        "neither stored nor shown.",
        "fr": "Exemples CAVIARDÉS d'enregistrements où des données personnelles ont été "
        "trouvées : chaque élément détecté est remplacé par son type entre chevrons, par "
        "exemple <EMAIL_ADDRESS>. Le texte brut n'est ni conservé ni affiché.",
    },
    "mon.samples.badge": {"en": "redacted", "fr": "caviardé"},
    "mon.col.sample": {"en": "Redacted text", "fr": "Texte caviardé"},
    "mon.warnings.heading": {
        "en": "Warnings while reading the input",
        "fr": "Avertissements à la lecture des données",
    },
    "mon.suppression": {
        "en": "Worker-representative view: {cells} cells with fewer than {k} people are "
        "suppressed and marked so; no worker-level data is shown.",
        "fr": "Vue des représentants du personnel : {cells} cases de moins de {k} personnes "
        "sont masquées et signalées ; aucune donnée individuelle n'est affichée.",
    },
    # --- durations --------------------------------------------------------------------------
    "mon.duration.s": {"en": "{s} s", "fr": "{s} s"},
    "mon.duration.min": {"en": "{m} min", "fr": "{m} min"},
    "mon.duration.h": {"en": "{h} h {m} min", "fr": "{h} h {m} min"},
    "mon.duration.hours": {"en": "{h} h", "fr": "{h} h"},
    "mon.duration.d": {"en": "{d} d {h} h", "fr": "{d} j {h} h"},
    "mon.days.all": {"en": "every day", "fr": "tous les jours"},
    "mon.day.mon": {"en": "Mon", "fr": "lun."},
    "mon.day.tue": {"en": "Tue", "fr": "mar."},
    "mon.day.wed": {"en": "Wed", "fr": "mer."},
    "mon.day.thu": {"en": "Thu", "fr": "jeu."},
    "mon.day.fri": {"en": "Fri", "fr": "ven."},
    "mon.day.sat": {"en": "Sat", "fr": "sam."},
    "mon.day.sun": {"en": "Sun", "fr": "dim."},
    # --- method -----------------------------------------------------------------------------
    "mon.method.intro": {
        "en": "The audit reads the monitoring events (or the HR export) once, scans them for "
        "personal data, measures how intensely workers are monitored, and checks the figures "
        "against the policy packs listed above. Only counts, shares and redacted samples leave "
        "the audit; no worker identifier, not even a pseudonym (GDPR art. 25).",
        "fr": "L'audit lit une fois les événements de surveillance (ou l'export RH), y "
        "recherche les données personnelles, mesure l'intensité de la surveillance et confronte "
        "les chiffres aux référentiels cités plus haut. Seuls des effectifs, des parts et des "
        "extraits caviardés sortent de l'audit ; aucun identifiant de salarié, pas même "
        "pseudonymisé (RGPD art. 25).",
    },
    "mon.method.two_tier": {
        "en": "Two-tier scan. Tier 1 runs over every record: rules on structured fields "
        "(recipients who are workers' representatives or unions, private webmail recipients of "
        "captured messages, sensitive site categories in URLs, e-mail addresses used as worker "
        "ids). Tier 2 runs Presidio recognizers on each distinct free text once — logs repeat "
        "heavily — and maps the results back to every record.",
        "fr": "Analyse en deux temps. Le premier porte sur chaque enregistrement : règles sur "
        "les champs structurés (destinataires représentants du personnel ou syndicats, "
        "messageries personnelles destinataires de messages captés, catégories de sites "
        "sensibles dans les URL, adresses électroniques servant d'identifiant). Le second "
        "applique les détecteurs de Presidio une seule fois à chaque texte libre distinct — les "
        "journaux se répètent beaucoup — et reporte les résultats sur chaque enregistrement.",
    },
    "mon.method.recognizers": {
        "en": "Recognizers: Presidio's own (names, e-mail and phone, IBAN, cards, IP "
        "addresses…) and the project's, defined as data: French identifiers (NIR with its "
        "key, SIREN, SIRET) and terms of the special categories of GDPR art. 9 (health, union "
        "activity, religion, ethnic origin, political opinion, sexual orientation, biometrics), "
        "in English and French. A result is kept when its score reaches the threshold of its "
        "type (default {threshold}).",
        "fr": "Détecteurs : ceux de Presidio (noms, adresses électroniques et téléphones, IBAN, "
        "cartes, adresses IP…) et ceux du projet, décrits comme des données : identifiants "
        "français (NIR et sa clé, SIREN, SIRET) et termes des catégories particulières de "
        "l'art. 9 du RGPD (santé, activité syndicale, religion, origine ethnique, opinions "
        "politiques, orientation sexuelle, biométrie), en anglais et en français. Un résultat "
        "est retenu lorsque son score atteint le seuil de son type (par défaut {threshold}).",
    },
    "mon.method.columns": {
        "en": "HR exports: the distinct values of each column (up to 2,000) are scanned; a "
        "column is a direct identifier when half of its values are e-mail addresses, phone "
        "numbers, bank or national ids, or when its name says so; a special category from 5% "
        "of its values, or by its name.",
        "fr": "Exports RH : les valeurs distinctes de chaque colonne (jusqu'à 2\u202f000) sont "
        "analysées ; une colonne est un identifiant direct lorsque la moitié de ses valeurs sont "
        "des adresses électroniques, des numéros de téléphone, des identifiants bancaires ou "
        "nationaux, ou lorsque son nom l'indique ; une catégorie particulière à partir de 5 % "
        "de ses valeurs, ou d'après son nom.",
    },
    "mon.tz.recorded": {
        "en": "of each event (the UTC offset its timestamp was written with)",
        "fr": "de chaque événement (le décalage UTC de son horodatage)",
    },
    "mon.method.working_time": {
        "en": "Working time: {hours} on {days}, in the time zone {timezone}. “Off-hours” means "
        "an event whose local time falls outside these hours or on another day; shifts past "
        "midnight are supported. Public holidays and individual schedules are not known to the "
        "audit, so the share is a lower bound of monitoring outside the worker's own hours "
        "(PWD art. 7(1)(c); CNIL guidance on telework and the right to disconnect).",
        "fr": "Temps de travail : {hours}, {days}, dans le fuseau horaire {timezone}. "
        "« Hors temps de travail » désigne un événement dont l'heure locale tombe en dehors de "
        "ces heures ou un autre jour ; les horaires passant minuit sont pris en compte. Les "
        "jours fériés et les horaires individuels ne sont pas connus de l'audit : la part "
        "obtenue est une borne basse (directive (UE) 2024/2831 art. 7(1)(c) ; CNIL, "
        "télétravail et droit à la déconnexion).",
    },
    "mon.method.on_leave": {
        "en": "On leave: events dated within a leave period of the HR roster (leave_start to "
        "leave_end, inclusive).",
        "fr": "Pendant les congés : événements datés d'une période de congé du registre RH "
        "(de leave_start à leave_end inclus).",
    },
    "mon.method.intensity": {
        "en": "Intensity: the median interval is the median time between two consecutive "
        "events of the same kind for the same worker; events per worker-day count, for each "
        "worker and local day with at least one event, the events of that kind (median, 95th "
        "percentile, maximum). Idle or productivity indicators at an interval of {idle} or "
        "less count as minute-level indicators (CNIL, deliberation SAN-2023-021).",
        "fr": "Intensité : l'intervalle médian est la durée médiane entre deux événements "
        "consécutifs du même type pour un même salarié ; les événements par salarié-jour "
        "comptent, pour chaque salarié et chaque jour local comportant au moins un événement, "
        "les événements de ce type (médiane, 95e centile, maximum). Les indicateurs "
        "d'inactivité ou de productivité produits toutes les {idle} ou moins sont considérés "
        "comme des indicateurs à la minute (CNIL, délibération SAN-2023-021).",
    },
    "mon.method.retention": {
        "en": "Retention limits: individual indicators (idle time, productivity scores, "
        "keystrokes, emotion) 31 days, geolocation 2 months, screenshots, screen recordings "
        "and video 1 month (CNIL; GDPR art. 5(1)(e)), unless the company's policy sets others. "
        "Records older than the limit on the date of the last event are counted.",
        "fr": "Durées de conservation : indicateurs individuels (inactivité, productivité, "
        "frappes, émotions) 31 jours, géolocalisation 2 mois, captures et enregistrements "
        "d'écran et vidéo 1 mois (CNIL ; RGPD art. 5(1)(e)), sauf limites plus strictes de la "
        "politique de l'entreprise. Sont comptés les enregistrements plus anciens que la limite "
        "à la date du dernier événement.",
    },
    "mon.method.legal": {
        "en": "Rules and sources: GDPR art. 5 (data minimisation, purpose and storage "
        "limitation), art. 9 (special categories), art. 25 (data protection by design), art. 35 "
        "(impact assessment of systematic monitoring); Platform Work Directive (EU) 2024/2831 "
        "art. 7 (prohibited processing); AI Act (EU) 2024/1689 art. 5(1)(f) (no emotion "
        "recognition at work since 2 February 2025); CNIL guidance on workplace monitoring and "
        "its 2023 sanction of a logistics operator; ILO code of practice on workers' personal "
        "data (1997). The checklist ids (WP-01 to WP-21) trace each finding to the rulebook.",
        "fr": "Règles et sources : RGPD art. 5 (minimisation, limitation des finalités et de la "
        "conservation), art. 9 (catégories particulières), art. 25 (protection des données dès "
        "la conception), art. 35 (analyse d'impact d'une surveillance systématique) ; directive "
        "(UE) 2024/2831 sur le travail via une plateforme, art. 7 (traitements interdits) ; "
        "règlement (UE) 2024/1689 sur l'IA, art. 5(1)(f) (reconnaissance des émotions interdite "
        "au travail depuis le 2 février 2025) ; recommandations de la CNIL sur la surveillance "
        "des salariés et sa sanction de 2023 contre un opérateur logistique ; recueil de "
        "directives pratiques du BIT sur la protection des données personnelles des "
        "travailleurs (1997). Les identifiants de la liste de contrôle (WP-01 à WP-21) "
        "rattachent chaque constat au référentiel.",
    },
    "mon.method.privacy": {
        "en": "This report shows no worker identifier and no raw personal data: exposed workers "
        "appear only as counts, and samples are redacted.",
        "fr": "Ce rapport ne montre aucun identifiant de salarié ni aucune donnée personnelle "
        "brute : les salariés exposés n'apparaissent que sous forme de nombres et les extraits "
        "sont caviardés.",
    },
    **{f"mon.event.{k}": {"en": en, "fr": fr} for k, (en, fr) in _EVENT_TYPES.items()},
    **{f"mon.type.{k}": {"en": en, "fr": fr} for k, (en, fr) in _PII_TYPES.items()},
}
