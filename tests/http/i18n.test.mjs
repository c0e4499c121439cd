// English and Spanish: the language comes from the user's preference, else
// ?lang=, else the clinic default; error pages follow it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, h1, csrfFrom, sqlValue } from './lib.mjs';

test('valle speaks Spanish by default, riverside English; ?lang= switches', async () => {
  const c = new Client();
  const valle = await c.get('/valle/login');
  assert.match(valle.text, /<html lang="es">/);
  assert.equal(h1(valle.text), 'Iniciar sesión');
  assert.ok(valle.text.includes('En caso de emergencia, llame al 911.'));
  const riverside = await c.get('/riverside/login');
  assert.match(riverside.text, /<html lang="en">/);
  assert.equal(h1(riverside.text), 'Sign in');
  const es = await c.get('/riverside/login?lang=es');
  assert.equal(h1(es.text), 'Iniciar sesión');
  assert.ok(es.text.includes('href="/riverside/login?lang=en"'), 'a link back to English');
  const unknown = await c.get('/riverside/login?lang=fr');
  assert.equal(h1(unknown.text), 'Sign in', 'an unoffered language falls back to the default');
});

test('Spanish pages for every anonymous route, and Spanish error pages', async () => {
  const c = new Client();
  const pages = {
    '/riverside/activate?lang=es': 'Active su cuenta',
    '/riverside/forgot-username?lang=es': '¿Olvidó su correo electrónico o su contraseña?',
    '/riverside/nada?lang=es': 'No encontramos la página',
    '/valle/nada': 'No encontramos la página',
  };
  for (const [path, title] of Object.entries(pages)) {
    const res = await c.get(path);
    assert.equal(h1(res.text), title, path);
    assert.match(res.text, /<html lang="es">/, path);
  }
  const forgot = await c.get('/valle/forgot-username');
  assert.ok(forgot.text.includes('lunes a jueves'), 'clinic hours in Spanish');
  assert.ok(forgot.text.includes('(555) 020-3000'));
});

test("a signed-in user's preference wins, and the switch changes it", async () => {
  const rosa = await signedIn('valle', 'rosa@valle.example');
  let home = await rosa.get('/valle/home?lang=en');
  assert.equal(h1(home.text), 'Hola, Rosa', 'preference over ?lang=');
  assert.ok(home.text.includes('Mensajes sin leer'));
  const res = await rosa.post('/valle/account/language', { csrf_token: csrfFrom(home.text), lang: 'en', back: '/valle/home' });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/valle/home');
  home = await rosa.get('/valle/home');
  assert.equal(h1(home.text), 'Hello, Rosa');
  assert.match(home.text, /<html lang="en">/);
  assert.equal(sqlValue("SELECT lang FROM users WHERE email = 'rosa@valle.example'"), 'en');
  // Back to Spanish; an outside "back" is ignored.
  const back = await rosa.post('/valle/account/language', { csrf_token: csrfFrom(home.text), lang: 'es', back: 'https://evil.example/' });
  assert.equal(back.location, '/valle/home');
  home = await rosa.get('/valle/home');
  assert.equal(h1(home.text), 'Hola, Rosa');
  const bad = await rosa.post('/valle/account/language', { csrf_token: csrfFrom(home.text), lang: 'de', back: '/valle/home' });
  assert.equal(bad.status, 400);
  assert.equal(h1(bad.text), 'Algo en el formulario no estaba bien', 'error page in the user\'s language');
});

test('dates and money are written the way each language writes them', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  let home = await maria.get('/riverside/home');
  assert.match(home.text, /<p class="big">(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM)<\/p>/);
  await maria.post('/riverside/account/language', { csrf_token: csrfFrom(home.text), lang: 'es', back: '/riverside/home' });
  home = await maria.get('/riverside/home');
  assert.match(home.text, /<p class="big">(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}, \d{1,2}:\d{2} (a\. m\.|p\. m\.)<\/p>/);
  assert.ok(home.text.includes('Saldo pendiente'));
  await maria.post('/riverside/account/language', { csrf_token: csrfFrom(home.text), lang: 'en', back: '/riverside/home' });
});
