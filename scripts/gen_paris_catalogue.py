#!/usr/bin/env python3
"""Generates the Paris pack's catalogue (geo-data/paris/catalogue.json) from the real DansMaRue
taxonomy (type -> group, soustype -> category, intervenant -> service).

The CSV is not shipped with the product, so the generated file is committed; re-run this when the
taxonomy changes:  python3 scripts/gen_paris_catalogue.py ../shared/data/reports/dansmarue_paris_sample_2023-07_2024-09.csv

Category codes are the ones the catalogue always had (Flyway's former V3 seed): reports, alerts
and Open311 clients refer to them. Labels and service names are rewritten as plain French for
citizens; DansMaRue's own wording (markers such as "[]" or "[Réservé DPE-STPP-DT]", contractors'
codes such as SUBDI_HORO) stays in the staff-only internalLabel / internalName.
"""
import collections, csv, json, re, sys, unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/reports/dansmarue_paris_sample_2023-07_2024-09.csv'
OUT = 'geo-data/paris/catalogue.json'

# Committed deadlines (hours) and dedup radius (metres) by group: what a town promises and how far
# apart two reports of one problem can be. Towns tune them per category from the staff console.
GROUPS = {
    'Objets abandonnés': (48, 25),
    'Graffitis, tags, affiches et autocollants': (240, 15),
    'Propreté': (24, 30),
    'Autos, motos, vélos, trottinettes...': (72, 15),
    'Voirie et espace public': (120, 30),
    'Mobiliers urbains': (168, 20),
    'Activités commerciales et professionnelles': (336, 20),
    'Arbres, végétaux et animaux': (168, 30),
    'Éclairage / Électricité': (72, 40),
    'Eau': (48, 30),
}
# Hazards get a tighter promise than their group's default.
URGENT = re.compile(r'affaissement|trou|éclairage public éteint|fuite|inondation|danger', re.I)

# What citizens read for each service (DansMaRue's "intervenant" is kept as the internal name).
SERVICE_NAMES = {
    'Ramen': 'Ramassage des encombrants',
    'graffitis': 'Enlèvement des graffitis',
    'DPE-STPP-DT': 'Propreté de Paris – divisions territoriales',
    'DPE-STPP-Fonctionnelle': 'Propreté de Paris – service fonctionnel',
    'DPE-STEA': "Propreté de Paris – service technique de l'eau et de l'assainissement",
    'DPMP-Divisions': 'Police municipale – divisions territoriales',
    'DPMP-SCOP': 'Police municipale – service de coordination opérationnelle',
    'DPMP-UEV': 'Police municipale – unité environnement',
    'DVD': 'Voirie et déplacements',
    'DVD-3M': 'Voirie et déplacements – mobilier urbain',
    'DEVE': 'Espaces verts et environnement',
    'DEVE-SAB': 'Espaces verts – service des arbres et des bois',
    'CIELIS': 'Éclairage public',
    'SMEP': 'Section des murs et emprises publiques',
    'DASES': 'Action sociale, enfance et santé',
    'DAC': 'Affaires culturelles',
    'DAE': 'Attractivité et emploi',
    'DAJ': 'Affaires juridiques',
    'DJS': 'Jeunesse et sports',
    'DCPA': 'Constructions publiques et architecture',
    'Eau de Paris': 'Eau de Paris',
    'ALTINNOVA': 'Abris à vélos sécurisés (Vélobox)',
    'CITEOS': 'Bornes et protections de voirie',
    'CLEM': "Bornes de recharge électrique Clem'",
    'DERICHEBOURG': 'Collecte du verre',
    'DOTT': 'Trottinettes et vélos en libre-service Dott',
    'ENEDIS': 'Réseau électrique (Enedis)',
    'EPHYRA': "Bouches de lavage et d'arrosage",
    'GRDF': 'Réseau de gaz (GRDF)',
    'Haropa Port': 'Port de Paris (Haropa)',
    'JCDecaux_mobilier': 'Mobilier urbain publicitaire (JCDecaux)',
    'JCDecaux_sanisette': 'Sanisettes (JCDecaux)',
    'JEI': "Journaux électroniques d'information",
    'LIME': 'Vélos en libre-service Lime',
    'MUI': "Mobilier urbain d'information",
    'PAV déchets alimentaires': 'Bornes de collecte des déchets alimentaires',
    'SMOVENGO_velib': "Vélib' (Smovengo)",
    'SUBDI_HORO': 'Horodateurs',
    'TEVGO': "Bornes de recharge Belib'",
    'THEMIS': 'Prestataire Thémis',
    'TIER': 'Vélos en libre-service Tier',
    "TRILIB'": "Stations de tri Trilib'",
    'UBEEQO': 'Bornes de recharge Ubeeqo',
    'UBEEQO_EUROPCAR': 'Bornes de recharge Ubeeqo (Europcar)',
    'textiles': 'Collecte des textiles',
}

# Internal wording turned into plain French, applied after the "[…]" markers are dropped.
WORDING = [
    (r'\s+-\s+GRDF$', ' (réseau de gaz)'),
    (r'\s+-\s+ENEDIS$', ' (réseau électrique)'),
    (r'\s+-\s+Voirie\s+-\s+ENEDIS$', ' (réseau électrique)'),
    (r'\s+-\s+(DOTT|LIME|TIER)\s+-\s+intervention demandée$', lambda m: ' ' + m.group(1).capitalize()),
    (r'EP/SLT-CIELIS', 'éclairage public ou feux'),
    (r"à l'inventaire DAC", "inscrite à l'inventaire des œuvres d'art"),
    (r'Module de stockage DPE', 'Module de stockage'),
    (r'\s+U2$', ' (unité de contrôle)'),
    (r'\bEclairage', 'Éclairage'),
    (r'\s+:', ' :'),
    (r'\s{2,}', ' '),
]


def slug(text, limit=64):
    t = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode().lower()
    t = re.sub(r'[^a-z0-9]+', '-', t).strip('-')
    return t[:limit].rstrip('-')


def clean_label(s):
    """DansMaRue's sub-type as the catalogue always stored it (its codes are slugs of this)."""
    s = re.sub(r'^\[[^\]]*\]\s*', '', s).strip()
    return s[0].upper() + s[1:] if s else s


def plain(label):
    """What a citizen reads: no bracketed internal markers, no contractor codes."""
    s = re.sub(r'\[[^\]]*\]\s*', '', label)
    for pattern, repl in WORDING:
        s = re.sub(pattern, repl, s)
    s = s.strip()
    return s[0].upper() + s[1:] if s else s


rows = list(csv.DictReader(open(SRC, encoding='utf-8')))
by_sub = collections.defaultdict(collections.Counter)
for r in rows:
    by_sub[(r['type'], r['soustype'])][r['intervenant']] += 1

services = sorted({r['intervenant'] for r in rows})
service_code = {s: slug(s, 40) for s in services}
catalogue = {
    'source': 'DansMaRue taxonomy, Ville de Paris (ODbL); generated by scripts/gen_paris_catalogue.py',
    'groups': [{'label': g, 'deadlineHours': d, 'mergeRadiusM': r} for g, (d, r) in GROUPS.items()],
    'services': [],
    'categories': [],
}
for s in services:
    catalogue['services'].append({
        'code': service_code[s], 'name': SERVICE_NAMES.get(s, s), 'internalName': s,
        # Contact details are the city's general ones until an administrator sets each service's own.
        'email': service_code[s] + '@signalement.paris.example', 'phone': '3975',
        'postalAddress': "Hôtel de Ville, Place de l'Hôtel de Ville, 75196 Paris Cedex 04",
    })

used = set()
for (group, sub), counter in sorted(by_sub.items()):
    internal = sub.startswith('[') or 'requalifier' in sub.lower() or 'réservé' in sub.lower()
    label = clean_label(sub)
    code = slug(label)
    base, n = code, 2
    while code in used:
        code = '%s-%d' % (base[:60], n); n += 1
    used.add(code)
    deadline, radius = GROUPS[group]
    if URGENT.search(label):
        deadline = min(deadline, 48)
    catalogue['categories'].append({
        'code': code, 'label': plain(label), 'internalLabel': label, 'group': group,
        'enabled': not internal, 'deadlineHours': deadline, 'mergeRadiusM': radius,
        'service': service_code[counter.most_common(1)[0][0]], 'competence': 'COMMUNE',
    })

enabled = collections.Counter((c['group'], c['label']) for c in catalogue['categories'] if c['enabled'])
for c in catalogue['categories']:
    if c['enabled'] and enabled[(c['group'], c['label'])] > 1 and c['label'] != c['internalLabel']:
        # Two enabled categories would read the same once plain: keep the one DansMaRue named so.
        c['enabled'] = False
with open(OUT, 'w', encoding='utf-8') as f:
    json.dump(catalogue, f, ensure_ascii=False, indent=1)
    f.write('\n')
print('wrote', OUT, len(services), 'services', len(catalogue['categories']), 'categories')
