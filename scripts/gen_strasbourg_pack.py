#!/usr/bin/env python3
"""Builds the Eurométropole de Strasbourg pack (geo-data/strasbourg/) from the shared open data:
the 33 communes, Strasbourg's 20 quartiers plus the 32 other communes, and the 195 INSEE IRIS
(Ville et Eurométropole de Strasbourg, github.com/Ville-Eurometropole-Strasbourg/geolimites), joined
to INSEE codes and SIREN numbers of the COG (@etalab/decoupage-administratif, Licence Ouverte).
The catalogue is written here too: a plausible one, the Eurométropole's to change.

  python3 scripts/gen_strasbourg_pack.py [../shared/data]
"""
import json, sys, unicodedata

DATA = sys.argv[1] if len(sys.argv) > 1 else '../shared/data'
OUT = 'geo-data/strasbourg/'
STRASBOURG = '67482'


def fold(name):
    """Names compared without accents or ligatures: the geolimites file writes Hoenheim, the COG Hœnheim."""
    name = name.replace('œ', 'oe').replace('Œ', 'Oe')
    return unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode().lower()


def load(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def dump(name, data):
    with open(OUT + name, 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')


def slug(name):
    return '-'.join(fold(name).replace("'", ' ').split())


cog = {fold(c['nom']): c for c in load(DATA + '/geo/france/communes_cog_etalab.json')
       if c.get('departement') == '67' and c['type'] == 'commune-actuelle'}
communes = load(DATA + '/geo/strasbourg/ems_communes.geojson')
members = []
for f in communes['features']:
    c = cog[fold(f['properties']['name'])]
    f['properties'] = {'insee': c['code'], 'name': c['nom']}
    members.append({'insee': c['code'], 'name': c['nom'], 'siren': c['siren'], 'postcodes': c['codesPostaux'],
                    'population': c['population'],
                    # The town hall until the commune sets its services' own contacts.
                    'contact': {'email': 'mairie@' + slug(c['nom']) + '.signalement.example', 'phone': '',
                                'postalAddress': 'Mairie de ' + c['nom'] + ', ' + c['codesPostaux'][0] + ' ' + c['nom']}})
members.sort(key=lambda m: (m['insee'] != STRASBOURG, m['name']))
communes.pop('crs', None)
dump('communes.geojson', communes)

quartiers = load(DATA + '/geo/strasbourg/ems_communes_quartiers.geojson')
for f in quartiers['features']:
    name = f['properties']['name']
    c = cog.get(fold(name))
    if c:  # one of the 32 other communes, a quartier of its own
        f['properties'] = {'code': c['code'], 'name': c['nom'], 'insee': c['code']}
    else:  # one of Strasbourg's 20 quartiers
        f['properties'] = {'code': '%s-Q%02d' % (STRASBOURG, f['properties']['id']), 'name': name, 'insee': STRASBOURG}
quartiers.pop('crs', None)
dump('quartiers.geojson', quartiers)

iris = load(DATA + '/geo/strasbourg/ems_iris.geojson')
for f in iris['features']:
    p = f['properties']
    f['properties'] = {'code': str(p['dcomiris']), 'name': p['name'], 'insee': str(p['depcom'])}
iris.pop('crs', None)
dump('iris.geojson', iris)

EMS_CONTACT = {'phone': '03 68 98 50 00',
               'postalAddress': "Eurométropole de Strasbourg, 1 parc de l'Étoile, 67076 Strasbourg Cedex"}
catalogue = {
    'source': 'Written for the pack (scripts/gen_strasbourg_pack.py): a plausible catalogue for the Eurométropole to adapt',
    'groups': [
        {'label': 'Voirie', 'deadlineHours': 120, 'mergeRadiusM': 30},
        {'label': 'Propreté', 'deadlineHours': 48, 'mergeRadiusM': 30},
        {'label': 'Éclairage public', 'deadlineHours': 72, 'mergeRadiusM': 40},
        {'label': 'Espaces verts et aires de jeux', 'deadlineHours': 168, 'mergeRadiusM': 30},
        {'label': 'Bâtiments et mobilier communaux', 'deadlineHours': 168, 'mergeRadiusM': 20},
    ],
    # Eurométropole services cover all 33 communes; "perCommune" services exist once per member
    # commune (code "<code>-<INSEE>", the commune's contact unless it sets its own).
    'services': [
        dict(code='ems-voirie', name='Eurométropole – Voirie', email='voirie@signalement.strasbourg.example',
             deadlineMode='WORKING', **EMS_CONTACT),
        dict(code='ems-proprete', name='Eurométropole – Propreté urbaine', email='proprete@signalement.strasbourg.example',
             deadlineMode='WORKING', **EMS_CONTACT),
        dict(code='ems-eclairage', name='Eurométropole – Éclairage public', email='eclairage@signalement.strasbourg.example',
             deadlineMode='WORKING', **EMS_CONTACT),
        dict(code='espaces-verts', name='Espaces verts', perCommune=True, deadlineMode='WORKING'),
        dict(code='batiments', name='Bâtiments communaux', perCommune=True, deadlineMode='WORKING'),
    ],
    'categories': [],
}
CATEGORIES = [
    # code, label, group, service, competence, deadline hours (None: the group's)
    ('ems-nid-de-poule', 'Nid-de-poule ou chaussée dégradée', 'Voirie', 'ems-voirie', 'EPCI', 16),
    ('ems-trottoir-degrade', 'Trottoir dégradé', 'Voirie', 'ems-voirie', 'EPCI', None),
    ('ems-signalisation', 'Panneau de signalisation abîmé ou tombé', 'Voirie', 'ems-voirie', 'EPCI', 48),
    ('ems-grille-egout', "Plaque ou grille d'égout abîmée", 'Voirie', 'ems-voirie', 'EPCI', 24),
    ('ems-depot-sauvage', 'Dépôt sauvage de déchets', 'Propreté', 'ems-proprete', 'EPCI', None),
    ('ems-corbeille-pleine', 'Corbeille de rue pleine', 'Propreté', 'ems-proprete', 'EPCI', 24),
    ('ems-tags', 'Tags ou graffitis', 'Propreté', 'ems-proprete', 'EPCI', 240),
    ('ems-dejections', 'Déjections canines', 'Propreté', 'ems-proprete', 'EPCI', None),
    ('ems-lampadaire-eteint', 'Lampadaire éteint', 'Éclairage public', 'ems-eclairage', 'EPCI', None),
    ('ems-lampadaire-abime', 'Lampadaire abîmé ou penché', 'Éclairage public', 'ems-eclairage', 'EPCI', 48),
    ('ems-arbre-dangereux', 'Arbre dangereux ou branche tombée', 'Espaces verts et aires de jeux', 'espaces-verts', 'COMMUNE', 24),
    ('ems-pelouse-massif', 'Pelouse ou massif en mauvais état', 'Espaces verts et aires de jeux', 'espaces-verts', 'COMMUNE', None),
    ('ems-aire-de-jeux', 'Jeu pour enfants abîmé', 'Espaces verts et aires de jeux', 'espaces-verts', 'COMMUNE', 48),
    ('ems-batiment-degrade', 'Bâtiment communal dégradé (école, gymnase, mairie)', 'Bâtiments et mobilier communaux', 'batiments', 'COMMUNE', None),
    ('ems-banc-abime', 'Banc public abîmé', 'Bâtiments et mobilier communaux', 'batiments', 'COMMUNE', None),
]
groups = {g['label']: g for g in catalogue['groups']}
for code, label, group, service, competence, hours in CATEGORIES:
    catalogue['categories'].append({
        'code': code, 'label': label, 'group': group, 'enabled': True,
        'deadlineHours': hours or groups[group]['deadlineHours'], 'mergeRadiusM': groups[group]['mergeRadiusM'],
        'service': service, 'competence': competence})
with open(OUT + 'catalogue.json', 'w', encoding='utf-8') as f:
    json.dump(catalogue, f, ensure_ascii=False, indent=1)
    f.write('\n')

pack = {
    'code': 'strasbourg',
    'kind': 'EPCI',
    'name': 'Eurométropole de Strasbourg',
    'siren': '246700488',
    'calendar': 'ALSACE_MOSELLE',
    'branding': {'primaryColor': '#a6192e', 'accentColor': '#1f4e79', 'logoUrl': '/logo.svg'},
    'communes': {'file': 'communes.geojson', 'codeProperty': 'insee', 'nameProperty': 'name'},
    'quartiers': {'file': 'quartiers.geojson', 'codeProperty': 'code', 'nameProperty': 'name', 'communeProperty': 'insee'},
    'sectors': {'file': 'iris.geojson', 'codeProperty': 'code', 'nameProperty': 'name', 'communeProperty': 'insee'},
    'catalogue': 'catalogue.json',
    'members': members,
}
with open(OUT + 'pack.json', 'w', encoding='utf-8') as f:
    json.dump(pack, f, ensure_ascii=False, indent=1)
    f.write('\n')
print('wrote', OUT, len(members), 'communes,', len(quartiers['features']), 'quartiers,', len(iris['features']), 'IRIS')
