// DgBot web chat: calls POST /api/ask and renders its reply.
// Every string from the server (answers can quote what the user typed) goes into the page as text, never as markup.
(() => {
  'use strict';

  const MAX_LENGTH = 2000;
  const TIMEOUT_MS = 30000;
  const KEY_CONVERSATION = 'dgbot.conversationId';
  const KEY_TRANSCRIPT = 'dgbot.transcript';
  const KEY_USER = 'dgbot.userId';
  const KEEP_ENTRIES = 60;

  const $ = (id) => document.getElementById(id);
  const transcript = $('transcript');
  const form = $('ask-form');
  const input = $('question');
  const sendButton = $('send');
  const typing = $('typing');
  const formError = $('form-error');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  let busy = false;
  const memory = {};

  // ---- storage (sessionStorage can be unavailable, e.g. in some private modes) ----
  function load(store, key) {
    try { return window[store].getItem(key); } catch { return memory[store + key] ?? null; }
  }
  function save(store, key, value) {
    try { window[store].setItem(key, value); } catch { memory[store + key] = value; }
  }
  function remove(store, key) {
    try { window[store].removeItem(key); } catch { delete memory[store + key]; }
  }

  function randomId(prefix) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** One conversation per browser tab, so follow-ups ("แล้วอันดับล่ะ") keep the earlier unit. */
  function conversationId() {
    let id = load('sessionStorage', KEY_CONVERSATION);
    if (!id) { id = randomId('web-'); save('sessionStorage', KEY_CONVERSATION, id); }
    return id;
  }

  function userId() {
    let id = load('localStorage', KEY_USER);
    if (!id) { id = randomId('web-user-'); save('localStorage', KEY_USER, id); }
    return id;
  }

  function history() {
    try { return JSON.parse(load('sessionStorage', KEY_TRANSCRIPT) || '[]'); } catch { return []; }
  }
  function remember(entry) {
    const entries = history();
    entries.push(entry);
    save('sessionStorage', KEY_TRANSCRIPT, JSON.stringify(entries.slice(-KEEP_ENTRIES)));
  }

  // ---- building elements from text only ----
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'className') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const str = (v) => (v === null || v === undefined ? '' : String(v));
  const isNumeric = (s) => /^[-+]?[\d,]*\.?\d+\s*%?$/.test(str(s).trim());

  // ---- rendering ----
  function scrollTo(node, block) {
    node.scrollIntoView({ block, behavior: reducedMotion ? 'auto' : 'smooth' });
  }

  function userMessage(text) {
    return el('article', { className: 'msg msg-user', 'aria-label': 'คำถามของคุณ' },
      el('p', { className: 'who', text: 'คุณ' }),
      el('div', { className: 'bubble' }, el('p', { className: 'text', text })));
  }

  function syntheticBadge() {
    return el('span', {
      className: 'badge badge-synthetic', text: 'ข้อมูลสังเคราะห์',
      title: 'ตัวเลขมาจากชุดข้อมูลสาธิตที่สร้างขึ้น ไม่ใช่ผลสำรวจจริง',
    });
  }

  function levelBadge(level) {
    const n = Number(level);
    if (!Number.isInteger(n) || n < 1 || n > 5) return null;
    return el('span', { className: `level level-${n}`, 'aria-hidden': 'true', text: String(n) });
  }

  function card(rich) {
    const section = el('section', { className: 'card', 'aria-label': str(rich.title) || 'สรุปคำตอบ' });
    if (rich.title) section.append(el('h3', { text: str(rich.title) }));
    if (rich.subtitle) section.append(el('p', { className: 'subtitle', text: str(rich.subtitle) }));
    if (rich.headline) section.append(el('p', { className: 'headline', text: str(rich.headline) }));
    if (Array.isArray(rich.facts) && rich.facts.length > 0) {
      const dl = el('dl', { className: 'facts' });
      for (const fact of rich.facts) {
        dl.append(el('div', { className: 'fact' },
          el('dt', { text: str(fact?.label) }),
          el('dd', null, levelBadge(fact?.level), str(fact?.value))));
      }
      section.append(dl);
    }
    if (rich.table && Array.isArray(rich.table.columns)) section.append(table(rich.table, str(rich.title)));
    if (rich.note) section.append(el('p', { className: 'note', text: str(rich.note) }));
    return section;
  }

  function table(data, title) {
    const rows = Array.isArray(data.rows) ? data.rows : [];
    const numericColumn = data.columns.map((_, i) => rows.length > 0 && rows.every((r) => isNumeric(r?.[i])));
    const head = el('tr', null, ...data.columns.map((c, i) =>
      el('th', { scope: 'col', className: numericColumn[i] ? 'num' : null, text: str(c) })));
    const body = el('tbody', null, ...rows.map((row) => el('tr', null,
      ...data.columns.map((_, i) => el('td', { className: numericColumn[i] ? 'num' : null, text: str(row?.[i]) })))));
    const caption = title ? el('caption', { text: `ตาราง: ${title}` }) : null;
    // Wide tables scroll inside their own box (keyboard-focusable), never the page.
    return el('div', { className: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': title ? `ตาราง ${title}` : 'ตาราง' },
      el('table', null, caption, el('thead', null, head), body));
  }

  const chartKinds = {
    distribution: 'จำนวนหน่วยงานในแต่ละระดับ',
    profile: 'คะแนนรายตัวชี้วัดเทียบค่ากลางของกลุ่ม',
    trend: 'คะแนนย้อนหลังทุกปี',
  };

  function chart(url, rich) {
    let src;
    try { src = new URL(url, window.location.href); } catch { return null; }
    if (src.protocol !== 'http:' && src.protocol !== 'https:') return null;
    const what = chartKinds[rich?.chart?.kind] ?? 'แผนภูมิ';
    const about = [rich?.title, rich?.subtitle].filter(Boolean).map(str).join(' ');
    const alt = `แผนภูมิ${what}${about ? `: ${about}` : ''}`;
    const img = el('img', { src: src.href, alt, decoding: 'async' });
    // On a phone the chart is scaled down: a tap opens it full size.
    const link = el('a', { href: src.href, target: '_blank', rel: 'noopener', title: 'เปิดแผนภูมิขนาดเต็ม' }, img);
    const figure = el('figure', { className: 'chart' }, link, el('figcaption', { text: alt }));
    img.addEventListener('error', () => {
      figure.replaceChildren(el('p', { className: 'note', text: 'โหลดแผนภูมิไม่สำเร็จ (ข้อความและตารางด้านบนยังใช้ได้)' }));
    }, { once: true });
    return figure;
  }

  function chips(suggestions, label) {
    if (!Array.isArray(suggestions) || suggestions.length === 0) return null;
    return el('ul', { className: 'chips', 'aria-label': label },
      ...suggestions.map((s) => el('li', null,
        el('button', { type: 'button', className: 'chip', dataset: { ask: str(s) }, text: str(s) }))));
  }

  const kinds = { department: 'กรม/หน่วยงาน', province: 'จังหวัด' };

  function argumentValue(value) {
    if (value === null || value === undefined) return '—';
    if (Array.isArray(value)) return value.map(argumentValue).join(', ');
    if (typeof value === 'object') {
      if ('name' in value || 'id' in value) {
        const detail = [value.id, kinds[value.kind] ?? value.kind].filter(Boolean).map(str).join(', ');
        return detail ? `${str(value.name)} (${detail})` : str(value.name);
      }
      return JSON.stringify(value);
    }
    return str(value);
  }

  function trace(r) {
    const details = el('details', { className: 'trace' }, el('summary', { text: 'ที่มาของคำตอบ' }));
    const about = el('dl', null,
      el('dt', { text: 'เจตนา (intent)' }), el('dd', null, el('code', { text: str(r.intent) || '—' })),
      el('dt', { text: 'ตอบโดย' }), el('dd', { text: r.answeredBy === 'model' ? 'โมเดลภาษา (ตัวเลขตรวจกับผลของฟังก์ชัน)' : 'ตัวแยกคำถามภาษาไทย (ไม่ใช้โมเดลภาษา)' }));
    if (r.fallback) about.append(el('dt', { text: 'ใช้คำตอบสำรอง' }), el('dd', null, el('code', { text: str(r.fallback) })));
    if (r.dataset) {
      about.append(el('dt', { text: 'ชุดข้อมูล' }),
        el('dd', { text: `รอบล่าสุดปี ${str(r.dataset.latestYear)}${r.dataset.synthetic ? ' · ข้อมูลสังเคราะห์ (สาธิต)' : ''}` }));
    }
    details.append(about);
    const calls = Array.isArray(r.calls) ? r.calls : [];
    if (calls.length === 0) {
      details.append(el('p', { text: 'ไม่ได้เรียกฟังก์ชันข้อมูล (ตอบจากบทสนทนา)' }));
    } else {
      const list = el('ol', { 'aria-label': 'ฟังก์ชันที่เรียก' });
      for (const call of calls) {
        const args = el('dl', null);
        for (const [key, value] of Object.entries(call?.arguments ?? {})) {
          args.append(el('dt', null, el('code', { text: key })), el('dd', { text: argumentValue(value) }));
        }
        const outcome = str(call?.outcome);
        list.append(el('li', { className: 'call' },
          el('code', { text: `${str(call?.plugin)}.${str(call?.function)}` }),
          outcome && outcome !== 'ok' ? ` — ${outcome === 'refused' ? 'ถูกปฏิเสธ (สิทธิ์ไม่พอ)' : outcome}` : '',
          args));
      }
      details.append(list);
    }
    return details;
  }

  function botMessage(r) {
    const bubble = el('div', { className: 'bubble' },
      el('p', { className: 'text answer', text: str(r.answer) || '(ไม่มีข้อความคำตอบ)' }));
    const meta = el('div', { className: 'meta' });
    if (r.dataset?.synthetic) meta.append(syntheticBadge());
    if (r.answeredBy === 'model') meta.append(el('span', { className: 'badge', text: 'เรียบเรียงโดยโมเดลภาษา' }));
    if (meta.childElementCount > 0) bubble.append(meta);
    if (r.rich && typeof r.rich === 'object') bubble.append(card(r.rich));
    if (typeof r.chartUrl === 'string' && r.chartUrl) {
      const figure = chart(r.chartUrl, r.rich);
      if (figure) bubble.append(figure);
    }
    const suggestions = chips(r.suggestions, 'คำถามแนะนำ');
    if (suggestions) bubble.append(suggestions);
    bubble.append(trace(r));
    return el('article', { className: 'msg msg-bot', 'aria-label': 'คำตอบจาก DgBot' },
      el('p', { className: 'who', text: 'DgBot' }), bubble);
  }

  function errorMessage(text, retryWith) {
    const bubble = el('div', { className: 'bubble' }, el('p', { className: 'text', text }));
    if (retryWith) {
      const retry = el('button', { type: 'button', className: 'retry', text: 'ลองส่งอีกครั้ง' });
      retry.addEventListener('click', () => { retry.disabled = true; ask(retryWith, { again: true }); });
      bubble.append(retry);
    }
    return el('article', { className: 'msg msg-error', 'aria-label': 'ข้อผิดพลาด' },
      el('p', { className: 'who', text: 'DgBot' }), bubble);
  }

  function showDataset(dataset) {
    if (!dataset) return;
    $('dataset').textContent = `ข้อมูลรอบล่าสุด: ปี ${str(dataset.latestYear)}`;
    const badge = $('synthetic-badge');
    if (dataset.synthetic && !badge) {
      const b = syntheticBadge();
      b.id = 'synthetic-badge';
      $('dataset').after(b);
    } else if (!dataset.synthetic && badge) {
      badge.remove();
    }
  }

  function setBusy(on) {
    busy = on;
    typing.hidden = !on;
    sendButton.disabled = on;
    transcript.setAttribute('aria-busy', on ? 'true' : 'false');
    for (const chip of document.querySelectorAll('.chip')) chip.disabled = on;
  }

  // ---- asking ----
  function check(text) {
    if (text.trim() === '') return 'กรุณาพิมพ์คำถามก่อนกดส่ง';
    if (text.length > MAX_LENGTH) {
      return `คำถามยาวเกิน ${MAX_LENGTH.toLocaleString('th-TH')} ตัวอักษร (ตอนนี้ ${text.length.toLocaleString('th-TH')}) กรุณาถามให้สั้นลง`;
    }
    return null;
  }

  async function ask(text, options = {}) {
    if (busy) return;
    const problem = check(text);
    if (problem) { formError.textContent = problem; input.focus(); return; }
    formError.textContent = '';
    $('welcome').hidden = true;
    if (!options.again) {
      const mine = userMessage(text);
      transcript.append(mine);
      remember({ role: 'user', text });
      scrollTo(mine, 'end');
    }
    input.value = '';
    resize();
    setBusy(true);
    scrollTo(typing, 'end');

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let node;
    try {
      const response = await fetch('/api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ text, conversationId: conversationId(), userId: userId() }),
        signal: controller.signal,
      });
      let body = null;
      try { body = await response.json(); } catch { body = null; }
      if (response.ok && body && typeof body === 'object') {
        node = botMessage(body);
        remember({ role: 'bot', response: body });
        showDataset(body.dataset);
      } else if (response.status === 400) {
        const why = body && typeof body.error === 'string' ? body.error : 'คำถามนี้ส่งไม่ได้';
        node = errorMessage(`ส่งคำถามไม่ได้: ${why}`);
        input.value = text; // let the user fix it rather than retype it
        resize();
      } else if (response.ok) {
        node = errorMessage('ได้รับคำตอบที่อ่านไม่ได้จากเซิร์ฟเวอร์ กรุณาลองอีกครั้ง', text);
      } else {
        node = errorMessage(`ระบบขัดข้องชั่วคราว (รหัส ${response.status}) กรุณาลองอีกครั้งในอีกสักครู่`, text);
      }
    } catch (e) {
      node = e?.name === 'AbortError'
        ? errorMessage(`DgBot ตอบช้าเกินไป (เกิน ${TIMEOUT_MS / 1000} วินาที) กรุณาลองอีกครั้ง`, text)
        : errorMessage('เชื่อมต่อ DgBot ไม่ได้ กรุณาตรวจสอบการเชื่อมต่อเครือข่ายแล้วลองอีกครั้ง', text);
    } finally {
      clearTimeout(timer);
      setBusy(false);
    }
    transcript.append(node);
    scrollTo(node, 'start');
    input.focus({ preventScroll: true });
  }

  function resize() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, window.innerHeight * 0.4)}px`;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ask(input.value);
  });

  input.addEventListener('keydown', (e) => {
    // Enter sends; Shift+Enter is a new line; never while an input method is composing.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    resize();
    if (formError.textContent && !check(input.value)) formError.textContent = '';
  });

  transcript.addEventListener('click', (e) => {
    const chip = e.target instanceof Element ? e.target.closest('button.chip') : null;
    if (chip && !chip.disabled && chip.dataset.ask) ask(chip.dataset.ask);
  });

  $('new-chat').addEventListener('click', () => {
    remove('sessionStorage', KEY_CONVERSATION);
    remove('sessionStorage', KEY_TRANSCRIPT);
    for (const node of transcript.querySelectorAll('.msg')) node.remove();
    $('welcome').hidden = false;
    formError.textContent = '';
    input.focus();
  });

  // A reload keeps the conversation (same id), so it keeps what was said too.
  const earlier = history();
  if (earlier.length > 0) {
    transcript.setAttribute('aria-busy', 'true');
    $('welcome').hidden = true;
    for (const entry of earlier) {
      if (entry?.role === 'user') transcript.append(userMessage(str(entry.text)));
      else if (entry?.role === 'bot' && entry.response) transcript.append(botMessage(entry.response));
    }
    transcript.setAttribute('aria-busy', 'false');
  }
  // ---- web login (Access:Mode=Roster): the server keeps the session in an HttpOnly cookie; this only shows who is signed in ----
  const ROLE_NAMES = { dcio: 'DCIO', analyst: 'นักวิเคราะห์', executive: 'ผู้บริหาร', admin: 'ผู้ดูแลระบบ' };
  const login = $('login');
  const signedIn = $('signed-in');

  function showAccess(me) {
    const roster = me?.mode === 'roster';
    login.hidden = !roster || Boolean(me.user);
    signedIn.hidden = !roster || !me.user;
    if (roster && me.user) {
      const unit = me.user.unit ? ` ${str(me.user.unit.name)}` : '';
      $('signed-in-name').textContent = `เข้าสู่ระบบเป็น ${str(me.user.name)} (${ROLE_NAMES[me.user.role] || str(me.user.role)}${unit})`;
    }
  }

  async function refreshAccess() {
    try {
      const response = await fetch('/api/me', { credentials: 'same-origin' });
      if (response.ok) showAccess(await response.json());
    } catch { /* the chat works without it: unknown users get published figures */ }
  }

  login.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = $('login-error');
    error.textContent = '';
    try {
      const response = await fetch('/api/login', {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: $('login-name').value.trim(), password: $('login-password').value }),
      });
      $('login-password').value = '';
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        error.textContent = str(body.error) || 'เข้าสู่ระบบไม่สำเร็จ';
        return;
      }
      showAccess(await response.json());
    } catch {
      error.textContent = 'เชื่อมต่อเซิร์ฟเวอร์ไม่ได้ ลองใหม่อีกครั้ง';
    }
  });

  $('logout').addEventListener('click', async () => {
    try { await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' }); } catch { /* signed out on expiry anyway */ }
    await refreshAccess();
  });

  refreshAccess();
  document.documentElement.dataset.ready = 'true';
})();
