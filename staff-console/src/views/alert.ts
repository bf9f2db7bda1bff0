// One alert: its reports and photos, the dated timeline, nearby alerts, and the dispatch actions.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { announce, h, option } from '@signalement/web-common/dom';
import { formatDateTimeShort, formatDistance, formatDue } from '@signalement/web-common/format';
import { crossGroupOf, crossGroupQuestion, differentGroups, mergeBody, type CrossGroup } from '../lib/merge';
import { EVENT_LABELS, REJECT_REASONS, TRANSITION_VERBS, actorLabel, channelLabel, dueLabel, statusLabel } from '../lib/labels';
import { agentName, agents, alertTitle, teams } from '../lib/reference';
import { normalizeDetail } from '../lib/alerts';
import { BLUR_SOURCE_LABELS, TEXT_STATE_LABELS, boxFromDrag, parseBox, photoLabel, publishText, setBlurBoxes, setPhotoPublished, textState, withdrawText } from '../lib/moderation';
import type { BlurBox } from '../lib/moderation';
import { FORWARDING_STATE_LABELS, canResend, forwardingDetails, resendForwarding } from '../lib/forwarding';
import type { AlertDetail, AlertSummary, Forwarding, MessageState, PhotoRef, ReportView } from '../lib/types';
import type { Cleanup, Ctx } from '../lib/view';

let uid = 0;
const nextId = (p: string) => `${p}-${++uid}`;

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || nextId('f');
  control.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control);
}

/**
 * The blurred regions of a photo's public version, on the photo itself: drag (mouse, pen or finger)
 * to draw a box, × on a box or the list's buttons to remove one, then one button sends the whole list
 * and the server makes the public version again. Boxes can also be typed in pixels (keyboard users).
 */
function blurEditor(p: PhotoRef, n: number, save: (p: PhotoRef, boxes: BlurBox[]) => void): HTMLElement {
  const boxes: BlurBox[] = [...(p.blurBoxes ?? [])];
  const width = p.width;
  const height = p.height;
  const list = h('ul', { class: 'blur-boxes' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const summary = h('summary', null);
  const unsaved = h('p', { class: 'notice blur-unsaved', role: 'status', hidden: true },
    'Zones modifiées : enregistrez pour refaire la version publique.');
  const img = h('img', { src: p.url, alt: `Photo ${n} en grand : faites glisser pour tracer une zone à flouter`, draggable: 'false' });
  const layer = h('div', { class: 'blur-layer' });
  const stage = h('div', { class: 'blur-stage', 'data-blur-stage': p.key }, img, layer);
  /** Places an element over the photo at a box given in the photo's pixels (percentages: it follows the photo's size on screen). */
  const place = (el: HTMLElement, b: BlurBox) => {
    el.style.left = `${(100 * b.x) / width}%`;
    el.style.top = `${(100 * b.y) / height}%`;
    el.style.width = `${(100 * b.w) / width}%`;
    el.style.height = `${(100 * b.h) / height}%`;
  };
  let changed = false;
  const draw = () => {
    summary.textContent = `Zones floutées de la photo ${n} (${boxes.length})`;
    unsaved.hidden = !changed;
    const remove = (i: number) => { boxes.splice(i, 1); changed = true; draw(); announce(`Zone ${i + 1} retirée.`); };
    list.replaceChildren(...(boxes.length ? boxes.map((b, i) => h('li', null,
      `${i + 1}. ${BLUR_SOURCE_LABELS[b.source ?? 'staff'] ?? 'Zone'} : x ${b.x}, y ${b.y}, ${b.w} × ${b.h} px `,
      h('button', { type: 'button', class: 'btn btn-small', 'data-remove-blur': i, onclick: () => remove(i) },
        `Retirer la zone ${i + 1}`))) : [h('li', null, 'Aucune zone floutée.')]));
    layer.replaceChildren(...boxes.map((b, i) => {
      const rect = h('div', { class: `blur-rect blur-${b.source ?? 'staff'}`, 'data-blur-rect': i },
        h('span', { class: 'blur-rect-n', 'aria-hidden': 'true' }, String(i + 1)),
        h('button', { type: 'button', class: 'blur-remove', 'aria-label': `Retirer la zone ${i + 1} (sur la photo)`, onclick: () => remove(i) }, '×'));
      place(rect, b);
      return rect;
    }));
  };
  const add = (b: BlurBox) => {
    boxes.push(b);
    changed = true;
    draw();
    announce(`Zone ${boxes.length} ajoutée : ${b.w} × ${b.h} pixels.`);
  };

  // Drawing: pointer events cover mouse, pen and touch; the stage keeps the pointer until it is lifted.
  let from: { x: number; y: number } | null = null;
  let draft: HTMLElement | null = null;
  const at = (e: PointerEvent) => {
    const r = img.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const stop = () => { from = null; draft?.remove(); draft = null; };
  stage.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || (e.target as HTMLElement).closest('button')) return;
    e.preventDefault();
    from = at(e);
    try {
      stage.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthesised event): drawing works without capture.
    }
    draft = h('div', { class: 'blur-rect blur-draft' });
    layer.append(draft);
  });
  stage.addEventListener('pointermove', (e) => {
    if (!from || !draft) return;
    const to = at(e);
    draft.style.left = `${Math.min(from.x, to.x)}px`;
    draft.style.top = `${Math.min(from.y, to.y)}px`;
    draft.style.width = `${Math.abs(to.x - from.x)}px`;
    draft.style.height = `${Math.abs(to.y - from.y)}px`;
  });
  stage.addEventListener('pointerup', (e) => {
    if (!from) return;
    const b = boxFromDrag(from, at(e), { width: img.clientWidth, height: img.clientHeight }, width, height);
    stop();
    if (b) add(b);
  });
  stage.addEventListener('pointercancel', stop);

  const input = (label: string) => h('input', { type: 'number', min: 0, inputmode: 'numeric', 'aria-label': label, class: 'blur-input' }) as HTMLInputElement;
  const [x, y, w, hh] = [input('x (pixels depuis la gauche)'), input('y (pixels depuis le haut)'), input('largeur (pixels)'), input('hauteur (pixels)')];
  draw();
  return h('details', { class: 'blur', 'data-blur-photo': p.key },
    summary,
    h('p', null, p.anonymised ? 'Version publique floutée prête. ' : 'Version publique en cours d’anonymisation. ',
      p.publicUrl ? h('a', { href: p.publicUrl, target: '_blank', rel: 'noopener' }, 'Voir la version publique') : null),
    h('p', { class: 'hint' }, 'Faites glisser sur la photo pour tracer une zone à flouter ; × la retire.'),
    stage,
    list,
    unsaved,
    h('details', { class: 'blur-typed' },
      h('summary', null, `Saisir une zone en pixels (photo de ${width} × ${height})`),
      h('div', { class: 'blur-add' }, x, y, w, hh,
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
          const b = parseBox({ x: x.value, y: y.value, w: w.value, h: hh.value }, width, height);
          error.hidden = typeof b !== 'string';
          if (typeof b === 'string') { error.textContent = b; return; }
          add(b);
        } }, 'Ajouter la zone'))),
    error,
    h('button', { type: 'button', class: 'btn', 'data-save-blur': p.key, onclick: () => save(p, boxes) },
      'Enregistrer les zones et refaire la version publique'));
}

/** The photos, each with whether the public sees it and, for dispatchers, the buttons that change it. */
function photos(list: PhotoRef[], what: string, toggle?: (p: PhotoRef) => void, saveBlur?: (p: PhotoRef, boxes: BlurBox[]) => void): HTMLElement | null {
  if (!list.length) return null;
  return h('ul', { class: 'photos' }, ...list.map((p, i) =>
    h('li', { 'data-photo-key': p.key },
      h('a', { href: p.url, target: '_blank', rel: 'noopener' },
        h('img', { src: p.thumbnailUrl, alt: `${what}, photo ${i + 1} (ouvrir en grand)`, loading: 'lazy', width: 160, height: 120 })),
      h('p', { class: p.published ? 'badge published' : 'badge private' }, photoLabel(p)),
      toggle ? h('button', { type: 'button', class: 'btn btn-small', 'data-publish-photo': p.key, onclick: () => toggle(p) },
        p.published ? `Retirer la photo ${i + 1} de la publication` : `Publier la photo ${i + 1}`) : null,
      saveBlur ? blurEditor(p, i + 1, saveBlur) : null)));
}

export async function renderAlert(ctx: Ctx, id: number): Promise<Cleanup> {
  let stopped = false;
  let miniMap: { remove(): void } | null = null;
  const canAct = api.hasRole('DISPATCHER', 'ADMIN');
  ctx.main.append(h('h1', null, `Alerte n° ${id}`), h('p', null, 'Chargement…'));
  let detail: AlertDetail;
  try {
    detail = normalizeDetail(await api.get<unknown>(`/api/v1/alerts/${id}`));
  } catch (e) {
    ctx.main.replaceChildren(h('h1', null, `Alerte n° ${id}`), h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : 'Le serveur ne répond pas.'),
      h('p', null, h('a', { href: '/console/', 'data-link': true }, 'Retour à la file')));
    return;
  }

  const message = h('p', { id: 'action-result', class: 'notice', role: 'status', hidden: true });
  const errorBox = h('p', { id: 'action-error', class: 'error', role: 'alert', hidden: true });

  async function act(what: string, run: () => Promise<AlertDetail>, done: string, go?: (d: AlertDetail) => void): Promise<void> {
    errorBox.hidden = true;
    try {
      const d = normalizeDetail(await run());
      if (go) { go(d); return; }
      detail = d;
      render();
      message.textContent = done;
      message.hidden = false;
      announce(done);
    } catch (e) {
      const p = e instanceof ApiError ? e.problem : null;
      let txt = `${what} impossible : ${e instanceof Error ? e.message : 'erreur'}`;
      if (p?.allowed?.length) txt += ` Actions possibles : ${p.allowed.map(statusLabel).join(', ')}.`;
      errorBox.textContent = txt;
      errorBox.hidden = false;
    }
  }

  const transition = (body: Record<string, unknown>) => api.post<AlertDetail>(`/api/v1/alerts/${detail.id}/transitions`, body);

  function actions(): HTMLElement {
    const allowed = detail.allowedTransitions ?? [];
    const boxes: HTMLElement[] = [];
    if (allowed.includes('QUALIFIED')) {
      const note = h('textarea', { rows: 2, id: 'qualify-note' });
      const f = h('form', { class: 'action', id: 'form-qualify' }, h('h3', null, detail.status === 'RESOLVED' ? 'Rouvrir (qualifier à nouveau)' : detail.status === 'NEW' ? 'Qualifier' : 'Renvoyer en qualification'),
        field('Note (facultative)', note), h('button', { class: 'btn', type: 'submit', id: 'btn-qualify' }, 'Qualifier l’alerte'));
      f.addEventListener('submit', (e) => { e.preventDefault(); void act('Qualification', () => transition({ to: 'QUALIFIED', note: note.value || undefined }), 'Alerte qualifiée.'); });
      boxes.push(f);
    }
    if (allowed.includes('ASSIGNED')) {
      const team = h('select', { id: 'assign-team', required: true }, option('', 'Choisir une équipe'));
      const agent = h('select', { id: 'assign-agent' }, option('', 'Toute l’équipe'));
      const note = h('textarea', { rows: 2, id: 'assign-note' });
      teams(detail.service?.id ?? null).then((list) => {
        for (const t of list) team.append(option(String(t.id), t.name, detail.team?.id === t.id));
        if (team.value) team.dispatchEvent(new Event('change'));
      }).catch(() => undefined);
      team.addEventListener('change', () => {
        agent.replaceChildren(option('', 'Toute l’équipe'));
        if (team.value) agents(team.value).then((list) => list.forEach((a) => agent.append(option(String(a.id), agentName(a), detail.agent?.id === a.id)))).catch(() => undefined);
      });
      const f = h('form', { class: 'action', id: 'form-assign' }, h('h3', null, detail.status === 'ASSIGNED' ? 'Réassigner' : 'Assigner'),
        field('Équipe', team), field('Agent', agent), field('Note (facultative)', note),
        h('button', { class: 'btn', type: 'submit', id: 'btn-assign' }, 'Assigner'));
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        if (!team.value) { errorBox.textContent = 'Choisissez une équipe.'; errorBox.hidden = false; team.focus(); return; }
        void act('Assignation', () => transition({ to: 'ASSIGNED', teamId: Number(team.value), agentId: agent.value ? Number(agent.value) : undefined, note: note.value || undefined }),
          `Alerte assignée à ${team.selectedOptions[0]?.textContent ?? 'l’équipe'}.`);
      });
      boxes.push(f);
    }
    const simple = allowed.filter((t) => ['IN_PROGRESS', 'RESOLVED', 'CLOSED'].includes(t));
    if (simple.length) {
      const note = h('textarea', { rows: 2, id: 'other-note' });
      const f = h('form', { class: 'action', id: 'form-other' }, h('h3', null, 'Autres étapes'), field('Note (facultative)', note),
        h('div', { class: 'buttons' }, ...simple.map((t) => h('button', {
          class: 'btn btn-secondary', type: 'button', id: `btn-to-${t}`,
          onclick: () => void act(TRANSITION_VERBS[t] ?? t, () => transition({ to: t, note: note.value || undefined }), `Alerte : ${statusLabel(t).toLowerCase()}.`),
        }, TRANSITION_VERBS[t] ?? statusLabel(t)))));
      f.addEventListener('submit', (e) => e.preventDefault());
      boxes.push(f);
    }
    if (allowed.includes('REJECTED')) {
      const reason = h('select', { id: 'reject-reason', required: true }, option('', 'Choisir un motif'), ...Object.entries(REJECT_REASONS).map(([k, l]) => option(k, l)));
      const note = h('textarea', { rows: 2, id: 'reject-note' });
      const f = h('form', { class: 'action', id: 'form-reject' }, h('h3', null, 'Rejeter'), field('Motif', reason), field('Explication aux signaleurs (facultative)', note),
        h('button', { class: 'btn btn-danger', type: 'submit', id: 'btn-reject' }, 'Rejeter l’alerte'));
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        if (!reason.value) { errorBox.textContent = 'Choisissez le motif du rejet.'; errorBox.hidden = false; reason.focus(); return; }
        void act('Rejet', () => transition({ to: 'REJECTED', reason: reason.value, note: note.value || undefined }), `Alerte rejetée (${REJECT_REASONS[reason.value]}).`);
      });
      boxes.push(f);
    }
    if (allowed.includes('FORWARDED')) {
      const to = h('input', { id: 'forward-to', required: true, autocomplete: 'organization' });
      const note = h('textarea', { rows: 2, id: 'forward-note' });
      const f = h('form', { class: 'action', id: 'form-forward' }, h('h3', null, 'Transmettre à un autre organisme'),
        field('Organisme destinataire', to, 'Par exemple : RATP, Préfecture de police, Enedis. Les signaleurs en sont informés.'),
        field('Note (facultative)', note), h('button', { class: 'btn btn-secondary', type: 'submit', id: 'btn-forward' }, 'Transmettre'));
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        if (!to.value.trim()) { errorBox.textContent = 'Indiquez l’organisme destinataire.'; errorBox.hidden = false; to.focus(); return; }
        void act('Transmission', () => transition({ to: 'FORWARDED', forwardedTo: to.value.trim(), note: note.value || undefined }), `Alerte transmise à ${to.value.trim()}.`);
      });
      boxes.push(f);
    }
    // Merge another alert into this one.
    if (['NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS'].includes(detail.status)) {
      const other = h('input', { id: 'merge-id', type: 'number', min: 1, inputmode: 'numeric' });
      const confirmBox = h('div', { class: 'confirm', hidden: true });
      const f = h('form', { class: 'action', id: 'form-merge' }, h('h3', null, 'Fusionner un doublon'),
        field('Numéro de l’alerte à fusionner dans celle-ci', other, 'Ses signalements rejoignent cette alerte ; elle devient « doublon ».'),
        h('button', { class: 'btn btn-secondary', type: 'submit', id: 'btn-merge' }, 'Fusionner…'), confirmBox);
      f.addEventListener('submit', (e) => {
        e.preventDefault();
        const n = Number(other.value);
        if (!n || n === detail.id) { errorBox.textContent = 'Indiquez le numéro d’une autre alerte.'; errorBox.hidden = false; other.focus(); return; }
        askMerge(confirmBox, n);
      });
      boxes.push(f);
    }
    const text = h('textarea', { rows: 3, id: 'message-text', maxlength: 2000 });
    const mf = h('form', { class: 'action', id: 'form-message' }, h('h3', null, 'Écrire aux signaleurs'),
      field('Message', text, `Envoyé par courriel aux signaleurs qui ont laissé une adresse (${detail.reports.filter((r) => r.contactEmail).length} sur ${detail.reports.length}).`),
      h('button', { class: 'btn btn-secondary', type: 'submit', id: 'btn-message' }, 'Envoyer le message'));
    mf.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!text.value.trim()) { errorBox.textContent = 'Écrivez le message.'; errorBox.hidden = false; text.focus(); return; }
      errorBox.hidden = true;
      try {
        const r = await api.post<MessageState>(`/api/v1/alerts/${detail.id}/messages`, { text: text.value.trim() });
        text.value = '';
        const show = (m: MessageState): void => {
          message.textContent = `Message envoyé à ${m.recipients} signaleur${m.recipients > 1 ? 's' : ''}`
            + (m.pending ? ` : ${m.sent} remis, ${m.pending} en cours d’envoi.`
              : m.failed ? ` : ${m.sent} remis, ${m.failed} non remis (adresse refusée ou effacée).` : '.');
        };
        show(r);
        message.hidden = false;
        announce(message.textContent);
        void followDelivery(detail.id, r.id, show);
      } catch (err) {
        errorBox.textContent = `Envoi impossible : ${err instanceof Error ? err.message : ''}`;
        errorBox.hidden = false;
      }
    });
    boxes.push(mf);
    return h('section', { class: 'actions', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Actions'), ...boxes);
  }

  /**
   * The confirm step of a merge. Across category groups (known from the nearby list, or told by the
   * server's 409) it names both groups and its button sends the explicit confirmation.
   */
  function askMerge(box: HTMLElement, otherId: number, cross: CrossGroup | null = null): void {
    box.hidden = false;
    box.classList.toggle('cross-group', !!cross);
    const yes = h('button', { type: 'button', class: cross ? 'btn btn-danger' : 'btn', id: 'btn-merge-confirm', 'data-cross-group': cross ? 'true' : 'false' },
      cross ? `Confirmer la fusion de familles différentes (n° ${otherId} dans n° ${detail.id})` : `Confirmer : fusionner l’alerte n° ${otherId} dans la n° ${detail.id}`);
    const no = h('button', { type: 'button', class: 'btn btn-link' }, 'Annuler');
    yes.addEventListener('click', () => void act('Fusion', async () => {
      try {
        return await api.post<AlertDetail>(`/api/v1/alerts/${detail.id}/merge`, mergeBody(otherId, !!cross));
      } catch (e) {
        const refused = crossGroupOf(e);
        if (refused) askMerge(box, otherId, refused); // the groups differ after all: ask explicitly
        throw e;
      }
    }, `L’alerte n° ${otherId} a été fusionnée dans celle-ci.`));
    no.addEventListener('click', () => { box.hidden = true; box.replaceChildren(); });
    box.replaceChildren(
      ...(cross ? [h('p', { id: 'merge-cross-group', role: 'alert' }, h('strong', null, 'Attention. '), crossGroupQuestion(detail.id, otherId, cross))] : []),
      h('p', null, `Les signalements de l’alerte n° ${otherId} rejoindront cette alerte.`), yes, no);
    yes.focus();
  }

  function summary(a: AlertSummary | AlertDetail): HTMLElement {
    const d = a as AlertDetail;
    const rows: [string, Node | string][] = [
      ['État', h('span', { class: `badge status-${a.status}`, id: 'alert-status', 'data-status': a.status }, statusLabel(a.status))],
      ['Échéance', a.status === 'MERGED' || !dueLabel(a.status, a.dueStatus)
        // A merged duplicate or a finished alert has no deadline to keep: never "dans les délais".
        ? h('span', { id: 'due-none' }, dueLabel(a.status, a.dueStatus) || `Sans objet (${statusLabel(a.status).toLowerCase()})`)
        : h('span', null, h('span', { class: `badge due-${a.dueStatus}` }, dueLabel(a.status, a.dueStatus)), ` ${formatDateTimeShort(a.dueAt)} (${formatDue(a.dueAt)})`)],
      ['Catégorie', `${a.category.label}${a.category.group ? ` (${a.category.group})` : ''}`],
      ['Service', a.service?.name ?? '—'],
      ['Équipe', a.team ? `${a.team.name}${a.agent ? ` — ${a.agent.name}` : ''}` : 'Non assignée'],
      ['Adresse', `${a.address ?? '—'}${a.quartier ? ` — ${a.quartier.name}` : ''}`],
      ['Commune', a.commune ? `${a.commune.name} (${a.commune.inseeCode})` : '—'],
      ['Premier signalement', formatDateTimeShort(a.firstReportAt)],
      ['Signalements', String(a.reportCount)],
      ['Canal', channelLabel(a.channel)],
    ];
    if (a.reopenedCount) rows.push(['Rouverte', `${a.reopenedCount} fois (« pas réparé »)`]);
    if (d.rejectReason) rows.push(['Motif du rejet', REJECT_REASONS[d.rejectReason] ?? d.rejectReason]);
    if (d.forwardedTo) rows.push(['Transmise à', d.forwardedTo]);
    if (d.forwarding) rows.push(['Envoi Open311', forwardingState(d.forwarding)]);
    if (d.mergedIntoId) rows.push(['Fusionnée dans', h('a', { href: `/console/alertes/${d.mergedIntoId}`, 'data-link': true }, `l’alerte n° ${d.mergedIntoId}`)]);
    return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  }

  /** Where the sending to the organisation stands; a failed one can be sent again once its cause is fixed. */
  function forwardingState(f: Forwarding): HTMLElement {
    return h('span', { id: 'forwarding', 'data-forwarding-state': f.state },
      h('span', { class: `badge forwarding-${f.state}` }, FORWARDING_STATE_LABELS[f.state] ?? f.state), ` ${forwardingDetails(f)}`,
      canAct && canResend(f) ? h('button', {
        type: 'button', class: 'btn btn-small', id: 'btn-resend-forwarding', 'aria-label': `Renvoyer la transmission à ${f.organisation}`,
        onclick: () => void act('Nouvel envoi', () => resendForwarding(api, detail.id),
          `Nouvel envoi à ${f.organisation} demandé : il part dans quelques secondes.`),
      }, 'Renvoyer') : null);
  }

  /** The agent's proof of fix: where the tablet was, how precisely and when, against the alert (issue #16). */
  function proofBox(d: AlertDetail): HTMLElement | null {
    const p = d.proof;
    if (!p) return null;
    const far = p.distanceM != null && p.distanceM > p.maxDistanceM;
    const rows: [string, Node | string][] = [
      ['Distance à l’alerte', h('span', { id: 'proof-distance', class: far ? 'badge due-OVERDUE' : undefined },
        p.distanceM == null ? '—' : `${Math.round(p.distanceM)} m${far ? ` (plus de ${Math.round(p.maxDistanceM)} m)` : ''}`)],
      ['Précision de la position', h('span', { id: 'proof-accuracy' }, p.accuracyM == null ? 'inconnue' : `± ${Math.round(p.accuracyM)} m`)],
      ['Position prise à', h('span', { id: 'proof-fix-at' }, p.fixAt ? formatDateTimeShort(p.fixAt) : '—')],
      ['Résolue sur la tablette à', h('span', { id: 'proof-at' }, p.at ? formatDateTimeShort(p.at) : '—')],
    ];
    if (p.reason) rows.push(['Motif de l’écart', h('span', { id: 'proof-reason' }, p.reason)]);
    return h('section', { 'aria-labelledby': 'proof-title', id: 'proof' }, h('h2', { id: 'proof-title' }, 'Preuve d’intervention'),
      h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      h('p', { class: 'muted' }, 'Sur la carte : l’alerte en rouge, la tablette de l’agent en vert avec sa précision.'));
  }

  function togglePhoto(p: PhotoRef): void {
    void act(p.published ? 'Retrait de la photo' : 'Publication de la photo', () => setPhotoPublished(api, detail.id, p.key, !p.published),
      p.published ? 'Photo retirée : seuls les agents de la mairie la voient.' : 'Photo publiée : visible de tous.');
  }

  function saveBlur(p: PhotoRef, boxes: BlurBox[]): void {
    void act('Zones floutées', () => setBlurBoxes(api, detail.id, p.key, boxes),
      'Zones enregistrées : la version publique est refaite (quelques secondes).');
  }

  /** What the public reads of this report, and for dispatchers the actions that change it. */
  function moderation(r: ReportView): HTMLElement {
    const state = textState(r);
    const box = h('div', { class: 'moderation', 'data-moderation': r.id },
      h('p', { class: `badge text-${state.toLowerCase()}` }, TEXT_STATE_LABELS[state]),
      state === 'EDITED' ? h('p', null, 'Version publique : ', h('q', null, r.publicDescription ?? '')) : null);
    if (!canAct) return box;
    const edited = h('textarea', { rows: 2, id: `public-text-${r.id}`, maxlength: 2000 }) as HTMLTextAreaElement;
    edited.value = state === 'EDITED' ? r.publicDescription ?? '' : '';
    const form = h('form', { class: 'action', 'data-publish-text': r.id },
      field('Version publique (facultative : vide, le texte est publié tel que saisi)', edited,
        'Retirez nom, téléphone, adresse exacte et tout ce qui identifie une personne.'),
      h('button', { class: 'btn', type: 'submit' }, edited.value ? 'Publier cette version' : 'Publier le texte'),
      state !== 'PRIVATE' ? h('button', { type: 'button', class: 'btn btn-secondary', 'data-withdraw-text': r.id,
        onclick: () => void act('Retrait du texte', () => withdrawText(api, detail.id, r.id), 'Texte retiré : il n’est plus public.') },
      'Retirer de la publication') : null);
    edited.addEventListener('input', () => {
      const submit = form.querySelector('button[type=submit]');
      if (submit) submit.textContent = edited.value.trim() ? 'Publier cette version' : 'Publier le texte';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void act('Publication du texte', () => publishText(api, detail.id, r.id, edited.value),
        edited.value.trim() ? 'Version modifiée publiée.' : 'Texte publié tel que saisi.');
    });
    box.append(form);
    return box;
  }

  function render(): void {
    miniMap?.remove();
    miniMap = null;
    document.title = `${alertTitle(detail)} — Console des signalements`;
    const reports = h('ol', { class: 'reports', id: 'reports' }, ...detail.reports.map((r) => h('li', { class: 'card', 'data-report-id': r.id },
      h('h3', null, `${r.trackingNumber}${r.support ? ' (« moi aussi »)' : ''}`),
      h('p', { class: 'muted' }, `Reçu le ${formatDateTimeShort(r.receivedAt)} — ${channelLabel(r.channel)}`),
      r.description ? h('p', null, r.description) : h('p', { class: 'muted' }, 'Sans description.'),
      r.contactEmail ? h('p', null, 'Contact : ', h('a', { href: `mailto:${r.contactEmail}` }, r.contactEmail)) : null,
      photos(r.photos, `Signalement ${r.trackingNumber}`, canAct ? togglePhoto : undefined, canAct ? saveBlur : undefined),
      moderation(r),
      canAct && detail.reports.length > 1 && ['NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS'].includes(detail.status)
        ? h('button', { type: 'button', class: 'btn btn-secondary', 'data-split': r.id, onclick: () => void act('Séparation',
          () => api.post<AlertDetail>(`/api/v1/alerts/${detail.id}/split`, { reportId: r.id }), '',
          (raw) => { const d = normalizeDetail(raw); announce(`Signalement séparé dans la nouvelle alerte n° ${d.id}.`); ctx.navigate(`/console/alertes/${d.id}`); }) },
        'Séparer dans une nouvelle alerte') : null)));
    const timeline = h('ol', { class: 'timeline', id: 'timeline' }, ...detail.timeline.map((t) => h('li', null,
      h('time', { datetime: t.at }, formatDateTimeShort(t.at)), ' — ',
      h('strong', null, t.type === 'TRANSITION' && t.to ? `${statusLabel(t.from)} → ${statusLabel(t.to)}` : EVENT_LABELS[t.type] ?? t.type),
      t.actor ? ` par ${actorLabel(t.actor)}` : '',
      t.reason ? ` — motif : ${REJECT_REASONS[t.reason] ?? t.reason}` : '',
      t.note ? h('span', { class: 'note' }, ` — « ${t.note} »`) : null)));
    // Nearest first, each with its distance, category (its group flagged when not this alert's) and photo.
    const group = detail.category.group;
    const nearby = detail.nearby.length
      ? h('ul', { class: 'nearby', id: 'nearby' }, ...detail.nearby.map((n) => {
        const other = differentGroups(group, n.category.group);
        return h('li', { 'data-nearby-id': n.id },
          n.thumbnailUrl
            ? h('img', { src: n.thumbnailUrl, alt: `Photo de l’alerte n° ${n.id}`, loading: 'lazy', width: 96, height: 72 })
            : h('span', { class: 'no-photo' }, 'Sans photo'),
          h('div', null,
            h('a', { href: `/console/alertes/${n.id}`, 'data-link': true }, `n° ${n.id} — ${n.category.label}`),
            h('p', { class: 'nearby-facts' },
              h('strong', { 'data-distance': n.distanceM ?? '' }, n.distanceM == null ? '' : `à ${formatDistance(n.distanceM)}`),
              ` · ${n.category.group ?? ''} `,
              other ? h('span', { class: 'badge other-group' }, 'Autre famille') : null,
              ` · ${statusLabel(n.status)} · ${n.reportCount} signalement${n.reportCount > 1 ? 's' : ''}`,
              n.address ? ` · ${n.address}` : ''),
            canAct && ['NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS'].includes(detail.status)
              ? h('button', { type: 'button', class: 'btn btn-small btn-secondary', 'data-merge': n.id, onclick: (e: Event) => {
                const box = document.querySelector('#form-merge .confirm') as HTMLElement | null;
                (document.getElementById('merge-id') as HTMLInputElement | null)?.setAttribute('value', String(n.id));
                if (box) askMerge(box, n.id, other ? { keptGroup: group ?? '', otherGroup: n.category.group ?? '' } : null);
                else (e.target as HTMLElement).blur();
              } }, `Fusionner la n° ${n.id} ici…`) : null));
      }))
      : h('p', { class: 'muted' }, 'Aucune autre alerte ouverte à moins de 200 m.');
    const mapBox = h('div', { class: 'map small', id: 'alert-map' });
    ctx.main.replaceChildren(
      h('p', { class: 'crumbs' }, h('a', { href: '/console/', 'data-link': true }, '← File des alertes')),
      h('h1', { tabindex: -1 }, alertTitle(detail)),
      message, errorBox,
      h('div', { class: 'alert-layout' },
        h('div', null,
          h('section', { 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title' }, 'En bref'), summary(detail), mapBox),
          proofBox(detail),
          h('section', { 'aria-labelledby': 'reports-title' }, h('h2', { id: 'reports-title' }, `Signalements (${detail.reports.length})`), reports,
            // The agent's photos before the work: staff only, never published (issue #16).
            detail.beforePhotos?.length ? h('div', null, h('h3', null, 'Photos avant intervention'), photos(detail.beforePhotos, 'Avant intervention')) : null,
            detail.afterPhotos?.length ? h('div', null, h('h3', null, 'Photos après intervention'), photos(detail.afterPhotos, 'Après intervention', canAct ? togglePhoto : undefined, canAct ? saveBlur : undefined)) : null),
          h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Historique'), timeline),
          h('section', { 'aria-labelledby': 'nearby-title' }, h('h2', { id: 'nearby-title' }, 'Alertes proches'), nearby)),
        canAct ? actions() : h('div')));
    import('../map').then(({ baseMap }) => import('leaflet').then(({ default: L }) => {
      if (stopped || !mapBox.isConnected) return;
      const m = baseMap(mapBox, `Carte : position de l’alerte n° ${detail.id}`, false);
      m.setView([detail.lat, detail.lon], 17);
      L.circleMarker([detail.lat, detail.lon], { radius: 9, color: '#b3261e', weight: 3, fillOpacity: 0.4 }).addTo(m);
      const proof = detail.proof;
      if (proof) {
        // The agent's tablet against the alert: the line is the distance, the circle the fix's accuracy.
        L.circle([proof.lat, proof.lon], { radius: Math.max(proof.accuracyM ?? 0, 3), color: '#1b6e2d', weight: 2, fillOpacity: 0.15 })
          .bindTooltip('Position de la tablette à la résolution').addTo(m);
        L.polyline([[detail.lat, detail.lon], [proof.lat, proof.lon]], { color: '#1b6e2d', dashArray: '4 4' }).addTo(m);
        m.fitBounds(L.latLngBounds([[detail.lat, detail.lon], [proof.lat, proof.lon]]).pad(0.4), { maxZoom: 18 });
      }
      for (const n of detail.nearby) L.circleMarker([n.lat, n.lon], { radius: 6, color: '#1d4f91', weight: 2, fillOpacity: 0.3 }).bindTooltip(`n° ${n.id}`).addTo(m);
      miniMap = m;
    })).catch(() => undefined);
  }

  render();
  return () => { stopped = true; miniMap?.remove(); };
}

/** The e-mails of a message go out after the answer: follow their delivery for a little while. */
async function followDelivery(alertId: number, messageId: number, show: (m: MessageState) => void): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const list = await api.get<MessageState[]>(`/api/v1/alerts/${alertId}/messages`).catch(() => null);
    const m = list?.find((x) => x.id === messageId);
    if (!m) return;
    show(m);
    if (m.pending === 0) return;
  }
}
