import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { h } from '@signalement/web-common/dom';
import type { Ctx } from '../lib/view';

export function renderLogin(ctx: Ctx, done: () => void): void {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', hidden: true });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, 'aria-describedby': 'login-error' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn' }, 'Se connecter');
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'Identifiant'), user),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Mot de passe'), pass),
    error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!user.value.trim() || !pass.value) {
      error.textContent = 'Saisissez votre identifiant et votre mot de passe.';
      error.hidden = false;
      (user.value.trim() ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Connexion…';
    try {
      await api.login(user.value.trim(), pass.value);
      done();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : 'Le serveur ne répond pas. Réessayez.';
      error.hidden = false;
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Se connecter';
    }
  });
  ctx.main.append(h('h1', null, 'Connexion des agents'),
    h('p', null, 'Console de régulation des signalements et tableau de bord du cabinet du maire. Réservée au personnel de la commune.'),
    form);
}
