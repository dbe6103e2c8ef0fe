/*
 * JCS Desktop — the participant page for "Devices".
 *
 * A participant opens http://<laptop>:<port>/#<JOIN CODE> on their own phone or tablet,
 * picks their name, is let in by the facilitator, and scores the 30 elements one at a
 * time, as in the shared-screen participant mode. The contract with the laptop is
 * docs/devices-protocol.md. No build step, no external assets, no inline script or style
 * (the server's Content-Security-Policy forbids them); participant and workbook text is
 * only ever put in the page with textContent, never innerHTML.
 *
 * Hooks for browser tests (stable; please keep them):
 *
 *   <body data-screen="…">  the screen shown: "starting", "join" (type the code),
 *                           "connecting", "loading" (the workbook), "choosing", "waiting",
 *                           "scoring", "review", "confirm-finish" (some unanswered),
 *                           "finished", "revoked", "closed".
 *   #status                 hidden element: its text and its data-screen are the same word.
 *   <body data-pending="n">  answers not yet acknowledged by the laptop.
 *   <body data-connection>  "idle" (no socket needed), "connecting", "connected",
 *                           "reconnecting", "offline" (stopped: revoked or closed).
 *   <body data-element>     the id of the element on the scoring screen.
 *   <body data-answered>    how many elements have an answer (pending ones included).
 *   #code, #join, #join-error                  the join form
 *   button[data-participant="<id>"]            a name on the choosing screen
 *   #ask-facilitator                           "My name is not here — ask the facilitator"
 *   #change-name                               on the waiting screen
 *   button[data-level="1".."4"], [data-level="not-sure"]
 *                                              the levels of the element shown; the chosen
 *                                              one has aria-pressed="true" and data-saved
 *                                              "pending" (not yet acked) or "saved"
 *                                              (the same four buttons serve every element: after
 *                                              a tap the page moves on ~300 ms later, so wait
 *                                              for body[data-element] to change, or for the
 *                                              "review" screen after the last element)
 *   #element-title, #driver-title, #element-count, #answered-count
 *   #back, #next, #review                      on the scoring screen
 *   button[data-element="<element id>"]        a row on the review screen (opens it)
 *   #back-to-scoring, #finish                  on the review screen
 *   #go-back, #finish-anyway                   on the confirm-finish screen
 *   #finished-review                           on the finished screen
 *   #join-again (revoked), #retry (closed)
 *   #connection                                the connection indicator (data-state as above)
 *   #notice, #notice-text, #notice-dismiss     a message (refused answer, errors)
 *
 * Storage: sessionStorage only (never a cookie, never the URL): "jcs-devices.session"
 * (token, device id, workshop title, the name list), "jcs-devices.pending" (answers not
 * yet acknowledged, oldest first, each with its client id), "jcs-devices.view" (where the
 * participant was, so that a reload comes back to it).
 */
(function () {
  'use strict';

  var SESSION_KEY = 'jcs-devices.session';
  var PENDING_KEY = 'jcs-devices.pending';
  var VIEW_KEY = 'jcs-devices.view';
  var MOVE_ON_MS = 300;          // after a level is tapped, as participant mode does
  var PING_MS = 15000;
  var SILENT_MS = 40000;         // nothing heard for this long: the socket is dead, open another
  var WAKE_CHECK_MS = 5000;      // after the page comes back to the front: a pong within this
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 10000];
  var SLOW_DOWN_MS = 1500;
  var SEND_RATE = 10;            // our own pace (the laptop allows 20 a second, bursts of 40)
  var SEND_BURST = 20;
  var CODE_LENGTH = 6;
  var RECONNECT_STATUSES = { choosing: true, waiting: true, approved: true };
  var ANSWER_SCREENS = { scoring: true, review: true, 'confirm-finish': true, finished: true };

  // ---------------------------------------------------------------------------------------
  // Small helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function now() { return Date.now(); }

  var memoryStore = {};
  var store = {
    get: function (key) {
      var text = null;
      try { text = window.sessionStorage.getItem(key); } catch (e) { text = memoryStore[key] || null; }
      if (!text) return null;
      try { return JSON.parse(text); } catch (e) { return null; }
    },
    set: function (key, value) {
      var text = JSON.stringify(value);
      try { window.sessionStorage.setItem(key, text); } catch (e) { memoryStore[key] = text; }
    },
    remove: function (key) {
      try { window.sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      delete memoryStore[key];
    }
  };

  /* A client id for an answer: 8–64 letters, digits or "-". crypto.randomUUID exists only in
     a secure context (HTTPS or localhost), and a LAN address over plain HTTP is not one;
     crypto.getRandomValues works everywhere. */
  function newId() {
    var c = window.crypto || window.msCrypto;
    if (c && typeof c.randomUUID === 'function') {
      try { return c.randomUUID(); } catch (e) { /* fall through */ }
    }
    var bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    var out = '';
    for (var j = 0; j < bytes.length; j++) out += (bytes[j] < 16 ? '0' : '') + bytes[j].toString(16);
    return out;
  }

  function normaliseCode(text) {
    return String(text || '').replace(/[\s\-]/g, '').toUpperCase();
  }

  function validCode(code) {
    return code.length === CODE_LENGTH && /^[A-Z0-9]+$/.test(code);
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function isValue(v) {
    return v === 'not-sure' || (typeof v === 'number' && isFinite(v) && Math.floor(v) === v && v >= 1);
  }

  // ---------------------------------------------------------------------------------------
  // State

  var S = {
    session: null,         // {token, device, workshop, participants: [...], requested}
    status: null,          // the laptop's last status for this device
    participant: null,     // {id, name} while approved
    finished: false,
    message: '',
    answers: {},           // element id -> value, as stored on the laptop (state + acks)
    pending: [],           // [{id, element, value, participant, sent}] oldest first
    workbook: null,        // {levels, drivers, elements, driverOf, driverNo}
    workbookLoading: false,
    screen: 'starting',
    index: 0,              // the element shown on the scoring screen
    reviewing: false,      // opened from the review: answering goes back there
    changingName: false,   // the waiting screen's "Choose a different name"
    wantChoose: undefined, // a choose not yet confirmed by a state (number or null)
    wantFinish: false,     // a finish not yet confirmed by a state
    restoreView: null,     // where a reload should come back to
    ws: null,
    opened: false,
    gotState: false,
    retries: 0,
    retryTimer: 0,
    pingTimer: 0,
    wakeTimer: 0,
    flushTimer: 0,
    moveTimer: 0,
    lastHeard: 0,
    stopped: false,
    fallbackCode: '',
    holdUntil: 0,
    tokens: SEND_BURST,
    tokensAt: 0,
    joining: false
  };

  function saveSession() { if (S.session) store.set(SESSION_KEY, S.session); }

  function savePending() {
    store.set(PENDING_KEY, S.pending.map(function (p) {
      return { id: p.id, element: p.element, value: p.value, participant: p.participant };
    }));
    updateIndicators();
  }

  function saveView() {
    if (!S.participant) return;
    var view = { participant: S.participant.id, screen: S.screen, index: S.index, finish: S.wantFinish };
    if (S.screen === 'scoring' || S.screen === 'review' || S.screen === 'finished' || S.screen === 'confirm-finish') {
      store.set(VIEW_KEY, view);
    }
  }

  function forgetEverything() {
    S.session = null;
    S.pending = [];
    S.answers = {};
    S.participant = null;
    S.wantChoose = undefined;
    S.wantFinish = false;
    store.remove(SESSION_KEY);
    store.remove(PENDING_KEY);
    store.remove(VIEW_KEY);
    updateIndicators();
  }

  function loadStored() {
    var session = store.get(SESSION_KEY);
    if (session && typeof session.token === 'string' && session.token) {
      S.session = {
        token: session.token,
        device: typeof session.device === 'string' ? session.device : '',
        workshop: typeof session.workshop === 'string' ? session.workshop : '',
        participants: cleanPeople(session.participants),
        requested: session.requested === undefined ? undefined : session.requested
      };
    }
    var pending = store.get(PENDING_KEY);
    if (Array.isArray(pending)) {
      S.pending = pending.filter(function (p) {
        return p && typeof p.id === 'string' && typeof p.element === 'string' &&
          (p.value === null || isValue(p.value));
      }).map(function (p) {
        return { id: p.id, element: p.element, value: p.value, participant: p.participant, sent: false };
      });
    }
    var view = store.get(VIEW_KEY);
    if (view && typeof view === 'object') S.restoreView = view;
  }

  function cleanPeople(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (p) {
      return p && typeof p.id === 'number' && (typeof p.name === 'string');
    }).map(function (p) {
      return { id: p.id, name: p.name, organisation: typeof p.organisation === 'string' ? p.organisation : '' };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Screens

  function setScreen(name, options) {
    var keepScroll = options && options.keepScroll;
    var sections = document.querySelectorAll('.screen');
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].id !== 'screen-' + name;
    }
    var changed = S.screen !== name;
    S.screen = name;
    if (!ANSWER_SCREENS[name]) hideNotice();  // a notice is about an answer
    document.body.setAttribute('data-screen', name);
    var status = $('status');
    status.textContent = name;
    status.setAttribute('data-screen', name);
    if (name !== 'scoring') document.body.removeAttribute('data-element');
    if (!keepScroll) window.scrollTo(0, 0);
    if (changed && !(options && options.noFocus)) {
      var section = $('screen-' + name);
      var heading = section && section.querySelector('h1');
      if (heading) focusQuietly(heading);
    }
    saveView();
    updateWho();
    updateIndicators();
  }

  function focusQuietly(node) {
    try { node.focus({ preventScroll: true }); } catch (e) { node.focus(); }
  }

  function announce(text) {
    var node = $('announce');
    node.textContent = '';
    window.setTimeout(function () { node.textContent = text; }, 50);
  }

  function showNotice(text) {
    $('notice-text').textContent = text;
    $('notice').hidden = false;
  }

  function hideNotice() { $('notice').hidden = true; }

  function updateWho() {
    var who = $('who');
    var workshop = S.session && S.session.workshop ? S.session.workshop : '';
    if (S.participant && S.status === 'approved') {
      who.textContent = 'Scoring as ' + S.participant.name;
    } else {
      who.textContent = workshop || 'Workshop scoring';
    }
    document.title = workshop ? workshop + ' — scoring' : 'Workshop scoring';
  }

  function setConnection(state) {
    var node = $('connection');
    node.setAttribute('data-state', state);
    document.body.setAttribute('data-connection', state);
    var text = {
      idle: '',
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: 'Reconnecting… your answers are kept',
      offline: 'Not connected'
    }[state] || '';
    if (node.textContent !== text) node.textContent = text;
    node.hidden = !text;
  }

  function updateIndicators() {
    document.body.setAttribute('data-pending', String(S.pending.length));
    if (S.screen === 'finished') renderFinished();
  }

  // ---------------------------------------------------------------------------------------
  // Joining

  function showJoin(message, code) {
    S.joining = false;
    setScreen('join');
    var input = $('code');
    if (code !== undefined) input.value = code;
    $('join-error').textContent = message || '';
    $('join').disabled = false;
    $('join').textContent = 'Join';
    setConnection('idle');
    if (!message) focusQuietly(input);
  }

  function joinError(status, body) {
    var serverText = body && typeof body.error === 'string' ? body.error : '';
    if (status === 403) {
      return serverText || 'That code did not work. Check the code on the facilitator’s screen and try again.';
    }
    if (status === 429) {
      return 'Too many tries from this network. Wait a minute, then type the code again.';
    }
    if (status === 0) {
      return 'This device cannot reach the workshop laptop. Check that it is on the same Wi-Fi network as the laptop, then try again.';
    }
    return (serverText ? serverText + ' ' : 'Something went wrong (error ' + status + '). ') +
      'Try again, or ask the facilitator.';
  }

  function join(code) {
    if (S.joining) return;
    S.joining = true;
    S.stopped = false;
    var button = $('join');
    button.disabled = true;
    button.textContent = 'Joining…';
    if (S.screen !== 'join') {
      setScreen('connecting');
      $('connecting-text').textContent = 'Joining the workshop…';
      $('connecting-detail').textContent = '';
    }
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) controller.abort(); }, 15000);
    fetch('/api/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code }),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { status: response.status, body: body };
      });
    }, function () {
      return { status: 0, body: null };
    }).then(function (result) {
      window.clearTimeout(timer);
      S.joining = false;
      var body = result.body;
      if (result.status !== 200 || !body || typeof body.token !== 'string' || !body.token) {
        showJoin(joinError(result.status === 200 ? 500 : result.status, body), code);
        return;
      }
      forgetEverything();
      S.session = {
        token: body.token,
        device: typeof body.device === 'string' ? body.device : '',
        workshop: typeof body.workshop === 'string' ? body.workshop : '',
        participants: cleanPeople(body.participants),
        requested: undefined
      };
      saveSession();
      S.status = 'choosing';
      S.retries = 0;
      S.restoreView = null;
      showChoosing();
      connect();
    });
  }

  // ---------------------------------------------------------------------------------------
  // Choosing a name, waiting

  function showChoosing() {
    setScreen('choosing');
    renderChoosing();
  }

  function renderChoosing() {
    var list = $('people');
    clear(list);
    var people = S.session ? S.session.participants : [];
    people.forEach(function (person) {
      var item = el('li');
      var button = el('button', 'button person');
      button.type = 'button';
      button.setAttribute('data-participant', String(person.id));
      button.appendChild(el('span', 'person-name', person.name));
      if (person.organisation) {
        button.appendChild(el('span', 'visually-hidden', ', '));
        button.appendChild(el('span', 'person-org', person.organisation));
      }
      button.addEventListener('click', function () { choose(person.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
    $('people-empty').hidden = people.length > 0;
    var message = $('choosing-message');
    message.textContent = S.message || '';
    message.hidden = !S.message;
  }

  function choose(pid) {
    S.wantChoose = pid;
    S.changingName = false;
    if (S.session) {
      S.session.requested = pid;
      saveSession();
    }
    sendChoose();
    showWaiting();
  }

  function sendChoose() {
    if (S.wantChoose === undefined || !S.gotState) return;
    send({ type: 'choose', participant: S.wantChoose });
  }

  function showWaiting() {
    setScreen('waiting');
    renderWaiting();
  }

  function renderWaiting() {
    var detail = $('waiting-detail');
    var requested = S.session ? S.session.requested : undefined;
    var person = null;
    if (typeof requested === 'number' && S.session) {
      person = S.session.participants.filter(function (p) { return p.id === requested; })[0] || null;
    }
    if (person) {
      detail.textContent = 'You asked to score as ' + person.name + '.';
    } else if (requested === null) {
      detail.textContent = 'You asked the facilitator to give this device your name.';
    } else {
      detail.textContent = '';
    }
  }

  // ---------------------------------------------------------------------------------------
  // The workbook

  function loadWorkbook() {
    if (S.workbook || S.workbookLoading || !S.session) return;
    S.workbookLoading = true;
    var token = S.session.token;
    fetch('/api/workbook', {
      headers: { Authorization: 'Bearer ' + token },
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (response) {
      if (response.status === 401) return { dead: true };
      if (!response.ok) throw new Error('status ' + response.status);
      return response.json().then(function (data) { return { data: data }; });
    }).then(function (result) {
      S.workbookLoading = false;
      if (!S.session || S.session.token !== token) return;
      if (result.dead) { tokenDead(); return; }
      var workbook = parseWorkbook(result.data);
      if (!workbook) throw new Error('not a workbook');
      S.workbook = workbook;
      buildLevelButtons();
      if (S.status === 'approved') enterApproved();
    }).catch(function () {
      S.workbookLoading = false;
      if (S.status !== 'approved') return;
      $('loading-detail').textContent = 'The workbook did not load. Trying again…';
      window.setTimeout(function () { if (S.status === 'approved') loadWorkbook(); }, 3000);
    });
  }

  function parseWorkbook(data) {
    if (!data || !Array.isArray(data.levels) || !Array.isArray(data.drivers) || !Array.isArray(data.elements)) {
      return null;
    }
    var levels = data.levels.filter(function (l) { return l && typeof l.number === 'number'; }).map(function (l) {
      return { number: l.number, name: typeof l.name === 'string' ? l.name : 'Level ' + l.number };
    });
    var drivers = data.drivers.filter(function (d) { return d && typeof d.id === 'string'; }).map(function (d) {
      return { id: d.id, title: typeof d.title === 'string' ? d.title : d.id };
    });
    var driverNo = {};
    drivers.forEach(function (d, i) { driverNo[d.id] = i + 1; });
    var elements = data.elements.filter(function (e) { return e && typeof e.id === 'string'; }).map(function (e) {
      return {
        id: e.id,
        driver: typeof e.driver === 'string' ? e.driver : '',
        title: typeof e.title === 'string' ? e.title : e.id,
        descriptors: Array.isArray(e.descriptors) ? e.descriptors.map(function (t) { return String(t || ''); }) : []
      };
    });
    if (!levels.length || !elements.length) return null;
    var byId = {};
    elements.forEach(function (e, i) { byId[e.id] = i; });
    var driverTitle = {};
    drivers.forEach(function (d) { driverTitle[d.id] = d.title; });
    return { levels: levels, drivers: drivers, elements: elements, driverNo: driverNo, driverTitle: driverTitle, byId: byId };
  }

  function levelName(value) {
    if (!S.workbook) return '';
    var level = S.workbook.levels.filter(function (l) { return l.number === value; })[0];
    return level ? level.name : '';
  }

  // ---------------------------------------------------------------------------------------
  // Answers

  function shown(elementId) {
    for (var i = S.pending.length - 1; i >= 0; i--) {
      if (S.pending[i].element === elementId) return S.pending[i].value;
    }
    return Object.prototype.hasOwnProperty.call(S.answers, elementId) ? S.answers[elementId] : null;
  }

  function isPending(elementId) {
    return S.pending.some(function (p) { return p.element === elementId; });
  }

  function answeredCount() {
    if (!S.workbook) return 0;
    return S.workbook.elements.filter(function (e) { return shown(e.id) !== null; }).length;
  }

  function firstUnanswered() {
    if (!S.workbook) return -1;
    for (var i = 0; i < S.workbook.elements.length; i++) {
      if (shown(S.workbook.elements[i].id) === null) return i;
    }
    return -1;
  }

  function cleanAnswers(answers) {
    var out = {};
    if (answers && typeof answers === 'object') {
      Object.keys(answers).forEach(function (key) {
        if (isValue(answers[key])) out[key] = answers[key];
      });
    }
    return out;
  }

  function answer(value) {
    if (S.screen !== 'scoring' || !S.workbook || !S.participant) return;
    var element = S.workbook.elements[S.index];
    if (!element) return;
    if (shown(element.id) === value) {  // the answer already given: nothing new to store
      moveOnSoon();
      return;
    }
    // An earlier answer to this element that the laptop has not seen yet need never go.
    S.pending = S.pending.filter(function (p) { return p.element !== element.id || p.sent; });
    S.pending.push({ id: newId(), element: element.id, value: value, participant: S.participant.id, sent: false });
    savePending();
    renderValue();            // shown as chosen at once, marked as saving until the ack
    flushPending();
    moveOnSoon();
  }

  function moveOnSoon() {
    window.clearTimeout(S.moveTimer);
    var at = S.index;
    S.moveTimer = window.setTimeout(function () {
      if (S.screen !== 'scoring' || S.index !== at) return;
      if (S.reviewing) showReview(); else goNext();
    }, MOVE_ON_MS);
  }

  function goNext() {
    if (!S.workbook) return;
    window.clearTimeout(S.moveTimer);
    if (S.index + 1 >= S.workbook.elements.length) showReview();
    else showElement(S.index + 1, false);
  }

  function goBack() {
    window.clearTimeout(S.moveTimer);
    if (S.index > 0) showElement(S.index - 1, false);
  }

  // ---------------------------------------------------------------------------------------
  // Approved: the element card

  function enterApproved() {
    if (!S.workbook) {
      setScreen('loading');
      $('loading-detail').textContent = '';
      loadWorkbook();
      return;
    }
    var view = S.restoreView;
    S.restoreView = null;
    var count = S.workbook.elements.length;
    if (view && S.participant && view.participant === S.participant.id) {
      if (view.finish && !S.finished) { S.wantFinish = true; sendFinish(); }
      if (view.screen === 'review') { showReview(); return; }
      if (view.screen === 'finished') { showFinished(); return; }
      if (view.screen === 'confirm-finish') { showConfirmFinish(); return; }
      if (view.screen === 'scoring' && typeof view.index === 'number' && view.index >= 0 && view.index < count) {
        showElement(view.index, false);
        return;
      }
    }
    if (S.finished) { showFinished(); return; }
    var first = firstUnanswered();
    if (first < 0) showReview(); else showElement(first, false);
  }

  function buildLevelButtons() {
    var box = $('levels');
    clear(box);
    S.workbook.levels.forEach(function (level) {
      var button = el('button', 'button level');
      button.type = 'button';
      button.setAttribute('data-level', String(level.number));
      button.setAttribute('aria-pressed', 'false');
      var head = el('span', 'level-head');
      head.appendChild(el('span', 'level-number', level.number));
      head.appendChild(el('span', 'visually-hidden', '. '));
      head.appendChild(el('span', 'level-name', level.name));
      button.appendChild(head);
      button.appendChild(el('span', 'visually-hidden', '. '));
      button.appendChild(el('span', 'level-text'));
      button.appendChild(el('span', 'level-state'));
      button.addEventListener('click', function () { answer(level.number); });
      box.appendChild(button);
    });
    $('progress').setAttribute('aria-valuemax', String(S.workbook.elements.length));
  }

  function showElement(index, reviewing) {
    window.clearTimeout(S.moveTimer);
    S.index = index;
    S.reviewing = !!reviewing;
    var already = S.screen === 'scoring';
    setScreen('scoring', { noFocus: true });
    renderCard();
    focusQuietly($('element-title'));
    if (already) saveView();
  }

  function renderCard() {
    var wb = S.workbook;
    var element = wb.elements[S.index];
    if (!element) return;
    var driverNo = wb.driverNo[element.driver] || 0;
    $('driver-title').textContent = 'Driver ' + driverNo + ' of ' + wb.drivers.length + ' · ' +
      (wb.driverTitle[element.driver] || '');
    $('element-title').textContent = element.title;
    $('element-count').textContent = 'Element ' + (S.index + 1) + ' of ' + wb.elements.length;
    var buttons = $('levels').querySelectorAll('button[data-level]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].querySelector('.level-text').textContent = element.descriptors[i] || '';
    }
    $('back').disabled = S.index === 0;
    $('next').textContent = '';
    $('next').appendChild(document.createTextNode(S.index + 1 >= wb.elements.length ? 'My answers ' : 'Next '));
    $('next').appendChild(arrow('→'));
    $('next').setAttribute('aria-label', S.index + 1 >= wb.elements.length ? 'Go to my answers' : 'Next element');
    document.body.setAttribute('data-element', element.id);
    $('hint').hidden = answeredCount() > 0;  // how to answer, until the first answer is given
    renderValue();
  }

  function arrow(text) {
    var span = el('span', '', text);
    span.setAttribute('aria-hidden', 'true');
    return span;
  }

  function renderValue() {
    var wb = S.workbook;
    if (!wb) return;
    var element = wb.elements[S.index];
    if (!element) return;
    var value = shown(element.id);
    var pending = isPending(element.id);
    var stateText = pending ? 'Chosen · saving…' : 'Chosen · saved';
    var buttons = $('levels').querySelectorAll('button[data-level]');
    for (var i = 0; i < buttons.length; i++) {
      var n = Number(buttons[i].getAttribute('data-level'));
      markChosen(buttons[i], value === n, pending, stateText);
    }
    markChosen($('not-sure'), value === 'not-sure', pending, stateText);
    var answered = answeredCount();
    var total = wb.elements.length;
    $('answered-count').textContent = answered + ' of ' + total + ' answered';
    $('progress').setAttribute('aria-valuenow', String(answered));
    $('progress-fill').style.width = (total ? (100 * answered / total) : 0) + '%';
    document.body.setAttribute('data-answered', String(answered));
  }

  function markChosen(button, chosen, pending, stateText) {
    button.setAttribute('aria-pressed', chosen ? 'true' : 'false');
    button.classList.toggle('chosen', chosen);
    var state = button.querySelector('.level-state');
    if (chosen) {
      button.setAttribute('data-saved', pending ? 'pending' : 'saved');
      state.textContent = stateText;
    } else {
      button.removeAttribute('data-saved');
      state.textContent = '';
    }
  }

  // ---------------------------------------------------------------------------------------
  // Review, finish

  function answerText(value) {
    if (value === null || value === undefined) return null;
    if (value === 'not-sure') return 'Not sure';
    var name = levelName(value);
    return value + (name ? ' · ' + name : '');
  }

  function showReview() {
    window.clearTimeout(S.moveTimer);
    S.reviewing = false;
    setScreen('review');
    renderReview();
  }

  function renderReview() {
    var wb = S.workbook;
    if (!wb) return;
    var list = $('review-list');
    var focusedId = document.activeElement && document.activeElement.getAttribute &&
      document.activeElement.getAttribute('data-element');
    clear(list);
    var total = wb.elements.length;
    var answered = 0;
    var notSure = 0;
    wb.drivers.forEach(function (driver, d) {
      var group = el('section', 'review-group');
      group.appendChild(el('h2', 'review-driver', (d + 1) + '. ' + driver.title));
      wb.elements.forEach(function (element, index) {
        if (element.driver !== driver.id) return;
        var value = shown(element.id);
        if (value !== null) answered++;
        if (value === 'not-sure') notSure++;
        var row = el('button', 'review-row');
        row.type = 'button';
        row.setAttribute('data-element', element.id);
        row.appendChild(el('span', 'row-title', element.title));
        row.appendChild(el('span', 'visually-hidden', ': '));
        var text = answerText(value);
        var chip = el('span', 'chip ' + (value === null ? 'open' : value === 'not-sure' ? 'not-sure' : 'level'));
        if (text === null) {
          var dash = el('span', '', '—');
          dash.setAttribute('aria-hidden', 'true');
          chip.appendChild(dash);
          chip.appendChild(el('span', 'visually-hidden', 'not answered'));
        } else {
          chip.textContent = value === 'not-sure' ? text : 'Level ' + text;
        }
        if (isPending(element.id)) chip.appendChild(el('span', 'chip-saving', ' · saving…'));
        row.appendChild(chip);
        row.addEventListener('click', function () { showElement(index, true); });
        group.appendChild(row);
      });
      list.appendChild(group);
    });
    var parts = [answered + ' of ' + total + ' answered'];
    if (notSure) parts.push(notSure + ' not sure');
    if (answered < total) parts.push((total - answered) + ' still to do');
    $('review-counts').textContent = parts.join(' · ') + '. Tap an element to change your answer.';
    document.body.setAttribute('data-answered', String(answered));
    if (focusedId) {
      var again = list.querySelector('[data-element="' + cssEscape(focusedId) + '"]');
      if (again) focusQuietly(again);
    }
  }

  function cssEscape(text) {
    if (window.CSS && typeof window.CSS.escape === 'function') return window.CSS.escape(text);
    return String(text).replace(/["\\]/g, '\\$&');
  }

  function backToScoring() {
    var first = firstUnanswered();
    showElement(first >= 0 ? first : S.index, false);
  }

  function finish() {
    if (!S.workbook) return;
    var open = S.workbook.elements.length - answeredCount();
    if (open > 0) showConfirmFinish(); else doFinish();
  }

  function showConfirmFinish() {
    var total = S.workbook.elements.length;
    var open = total - answeredCount();
    if (open <= 0) { doFinish(); return; }
    $('unanswered-title').textContent = 'You have not answered ' + open + ' of ' + total + ' ' +
      (open === 1 ? 'element' : 'elements') + '.';
    setScreen('confirm-finish');
  }

  function doFinish() {
    S.wantFinish = true;
    sendFinish();
    showFinished();
  }

  function sendFinish() {
    if (S.wantFinish && !S.finished && S.status === 'approved' && S.gotState) send({ type: 'finish' });
  }

  function showFinished() {
    setScreen('finished');
    renderFinished();
  }

  function renderFinished() {
    var node = $('finished-pending');
    var n = S.pending.length;
    node.textContent = n ? plural(n, 'answer is', 'answers are') + ' still being saved. Please keep this page open until it says they are saved.' : '';
    if (!n && !node.hidden) announce('All your answers are saved.');
    node.hidden = !n;
  }

  // ---------------------------------------------------------------------------------------
  // Revoked, closed, dead token

  function stopSocket() {
    S.stopped = true;
    window.clearTimeout(S.retryTimer);
    stopPing();
    var ws = S.ws;
    S.ws = null;
    S.gotState = false;
    if (ws) { try { ws.close(); } catch (e) { /* already closed */ } }
    setConnection('offline');
  }

  function revoked(message) {
    stopSocket();
    S.status = 'revoked';
    forgetEverything();
    S.workbook = null;
    $('revoked-message').textContent = message || 'The facilitator has taken this device out of the workshop.';
    setScreen('revoked');
    setConnection('idle');
  }

  function closed(message) {
    stopSocket();
    S.status = 'closed';
    $('closed-message').textContent = message || 'Scoring on devices has been switched off.';
    var n = S.pending.length;
    var node = $('closed-pending');
    node.textContent = n ? plural(n, 'answer', 'answers') + ' could not be saved before scoring closed. Please tell the facilitator.' : '';
    node.hidden = !n;
    setScreen('closed');
    setConnection('idle');  // the screen says it all
  }

  function tokenDead() {
    var code = S.fallbackCode;
    S.fallbackCode = '';
    stopSocket();
    forgetEverything();
    S.workbook = null;
    S.status = null;
    if (code) { join(code); return; }
    S.status = 'revoked';
    $('revoked-message').textContent = 'This device is no longer part of the workshop: the facilitator took it out, ' +
      'or scoring on devices was switched off and on again.';
    setScreen('revoked');
    setConnection('idle');
  }

  // ---------------------------------------------------------------------------------------
  // The socket

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  }

  function connect() {
    window.clearTimeout(S.retryTimer);
    S.retryTimer = 0;
    if (!S.session || S.stopped || S.ws) return;
    var ws;
    try {
      ws = new WebSocket(wsUrl(), ['jcs-v1', 'token.' + S.session.token]);
    } catch (e) {
      scheduleReconnect(false);
      return;
    }
    S.ws = ws;
    S.opened = false;
    S.gotState = false;
    compactPending();
    setConnection(S.retries ? 'reconnecting' : 'connecting');
    ws.onopen = function () {
      if (S.ws !== ws) return;
      S.opened = true;
      S.lastHeard = now();
      startPing();
    };
    ws.onmessage = function (event) {
      if (S.ws !== ws) return;
      S.lastHeard = now();
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message && typeof message === 'object') handle(message);
    };
    ws.onerror = function () { /* onclose follows */ };
    ws.onclose = function () {
      if (S.ws !== ws) return;
      var opened = S.opened;
      S.ws = null;
      S.gotState = false;
      stopPing();
      if (S.stopped) { setConnection('offline'); return; }
      scheduleReconnect(opened);
    };
  }

  /* Before re-sending on a new socket: only the last answer to each element is needed (the
     new socket's first state says what the laptop already has). Nothing is in flight now. */
  function compactPending() {
    var last = {};
    S.pending.forEach(function (p, i) { last[p.element] = i; });
    var kept = S.pending.filter(function (p, i) { return last[p.element] === i; });
    kept.forEach(function (p) { p.sent = false; });
    if (kept.length !== S.pending.length) { S.pending = kept; savePending(); }
  }

  function shouldReconnect() {
    return !!S.session && !S.stopped && (S.status === null || RECONNECT_STATUSES[S.status] === true);
  }

  function scheduleReconnect(opened) {
    window.clearTimeout(S.retryTimer);
    if (!shouldReconnect()) { setConnection('offline'); return; }
    var wait = BACKOFF_MS[Math.min(S.retries, BACKOFF_MS.length - 1)];
    S.retries++;
    setConnection('reconnecting');
    if (S.screen === 'connecting') {
      $('connecting-detail').textContent = 'Cannot reach the laptop yet. Trying again… (make sure this device is on the workshop Wi-Fi)';
    }
    S.retryTimer = window.setTimeout(connect, wait);
    if (!opened) probeToken();
  }

  /* The handshake was refused or the laptop is out of reach: a browser cannot tell which.
     Ask over HTTP: 401 means this device's token is dead (revoked while away, or a new
     server), so stop trying; no answer at all means keep trying. */
  function probeToken() {
    if (!S.session) return;
    var token = S.session.token;
    fetch('/api/workbook', { method: 'GET', headers: { Authorization: 'Bearer ' + token }, credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401 && S.session && S.session.token === token) tokenDead();
      }, function () { /* out of reach: the reconnect goes on */ });
  }

  function startPing() {
    stopPing();
    S.pingTimer = window.setInterval(function () {
      if (!S.ws) return;
      if (now() - S.lastHeard > SILENT_MS) { abandonSocket(); return; }
      send({ type: 'ping' });
    }, PING_MS);
  }

  function stopPing() {
    window.clearInterval(S.pingTimer);
    window.clearTimeout(S.wakeTimer);
    S.pingTimer = 0;
  }

  /* A socket that has gone quiet (the phone slept, the Wi-Fi changed): drop it and open another. */
  function abandonSocket() {
    var ws = S.ws;
    if (!ws) return;
    S.ws = null;
    S.gotState = false;
    stopPing();
    try { ws.close(); } catch (e) { /* nothing to close */ }
    scheduleReconnect(true);
  }

  function send(message) {
    var ws = S.ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(message));
      return true;
    } catch (e) {
      return false;
    }
  }

  function takeToken() {
    var t = now();
    S.tokens = Math.min(SEND_BURST, S.tokens + (t - S.tokensAt) * SEND_RATE / 1000);
    S.tokensAt = t;
    if (S.tokens >= 1) { S.tokens -= 1; return true; }
    return false;
  }

  /* Send the answers not yet sent on this socket, oldest first, at our own pace; only once
     the socket's first state has come and only while approved. */
  function flushPending() {
    window.clearTimeout(S.flushTimer);
    S.flushTimer = 0;
    if (!S.ws || !S.gotState || S.status !== 'approved' || !S.participant) return;
    var wait = S.holdUntil - now();
    if (wait > 0) { S.flushTimer = window.setTimeout(flushPending, wait); return; }
    for (var i = 0; i < S.pending.length; i++) {
      var p = S.pending[i];
      if (p.sent || p.participant !== S.participant.id) continue;
      if (!takeToken()) { S.flushTimer = window.setTimeout(flushPending, 150); return; }
      if (!send({ type: 'answer', id: p.id, element: p.element, value: p.value })) return;
      p.sent = true;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Messages from the laptop

  function handle(message) {
    switch (message.type) {
      case 'state': onState(message); break;
      case 'participants': onParticipants(message); break;
      case 'ack': onAck(message); break;
      case 'refused': onRefused(message); break;
      case 'slow_down': onSlowDown(message); break;
      case 'error': onError(message); break;
      default: break; // "pong" and anything newer: nothing to do
    }
  }

  function onState(m) {
    var status = m.status;
    var before = S.status;
    var beforeId = S.participant ? S.participant.id : null;
    var first = !S.gotState;
    S.gotState = true;
    S.retries = 0;
    S.message = typeof m.message === 'string' ? m.message : '';
    setConnection('connected');
    if (status === 'revoked') { revoked(S.message); return; }
    if (status === 'closed') { closed(S.message); return; }
    if (status !== 'choosing' && status !== 'waiting' && status !== 'approved') return;
    S.status = status;

    if (status === 'approved') {
      var p = m.participant;
      if (!p || typeof p.id !== 'number') return;
      S.participant = { id: p.id, name: typeof p.name === 'string' ? p.name : '' };
      S.answers = cleanAnswers(m.answers);
      S.finished = m.finished === true;
      if (S.finished) S.wantFinish = false;
      S.wantChoose = undefined;
      S.changingName = false;
      // Answers kept for someone else (the facilitator gave this device another name) are not sent.
      var mine = S.pending.filter(function (a) { return a.participant === p.id; });
      if (mine.length !== S.pending.length) { S.pending = mine; savePending(); }
      if (before !== 'approved' || beforeId !== p.id || !S.workbook || S.screen === 'loading' ||
          S.screen === 'connecting' || S.screen === 'starting') {
        if (beforeId !== null && beforeId !== p.id) S.restoreView = null;
        enterApproved();
      } else {
        refreshScreen();
      }
      sendFinish();
      flushPending();
      return;
    }

    S.participant = null;
    S.answers = {};
    S.finished = false;
    S.wantFinish = false;
    // The laptop says the name list and the name asked for with every choosing/waiting state.
    if (S.session && Array.isArray(m.participants)) {
      S.session.participants = cleanPeople(m.participants);
      if (m.requested === null) S.session.requested = status === 'waiting' ? null : undefined;
      else if (m.requested && typeof m.requested.id === 'number') S.session.requested = m.requested.id;
      saveSession();
    }
    if (status === 'choosing') {
      if (S.wantChoose !== undefined) {
        // A name was tapped but the laptop has not taken it yet (sent while away, or lost with a socket).
        if (first) sendChoose();
        if (S.screen !== 'waiting') showWaiting();
        return;
      }
      if (S.screen !== 'choosing' || before !== 'choosing') showChoosing();
      else renderChoosing();
      return;
    }
    // waiting
    S.wantChoose = undefined;
    if (S.changingName && S.screen === 'choosing') { renderChoosing(); return; }
    if (S.screen !== 'waiting') showWaiting(); else renderWaiting();
  }

  function refreshScreen() {
    if (S.screen === 'scoring') renderValue();
    else if (S.screen === 'review') renderReview();
    else if (S.screen === 'finished') renderFinished();
    else if (S.screen === 'confirm-finish') {
      if (S.workbook && answeredCount() >= S.workbook.elements.length) showReview();
      else showConfirmFinish();
    }
    updateIndicators();
  }

  function onParticipants(m) {
    if (!S.session || !Array.isArray(m.participants)) return;
    S.session.participants = cleanPeople(m.participants);
    saveSession();
    if (S.screen === 'choosing') renderChoosing();
    else if (S.screen === 'waiting') renderWaiting();
  }

  function indexOfPending(id) {
    for (var i = 0; i < S.pending.length; i++) if (S.pending[i].id === id) return i;
    return -1;
  }

  function onAck(m) {
    var i = indexOfPending(m.id);
    if (i < 0) return; // a second ack of a re-send: already taken
    var p = S.pending[i];
    S.pending.splice(i, 1);
    var value = m.value === undefined ? p.value : m.value;
    if (value === null) delete S.answers[p.element];
    else if (isValue(value)) S.answers[p.element] = value;
    savePending();
    refreshScreen();
  }

  function onRefused(m) {
    var i = indexOfPending(m.id);
    if (i < 0) return;
    var p = S.pending[i];
    S.pending.splice(i, 1);
    savePending();
    var title = '';
    if (S.workbook && S.workbook.byId[p.element] !== undefined) {
      title = S.workbook.elements[S.workbook.byId[p.element]].title;
    }
    var why = typeof m.message === 'string' && m.message ? ' (' + m.message + ')' : '';
    showNotice('Your answer' + (title ? ' to “' + title + '”' : '') + ' was not saved' + why +
      '. Please choose it again, or tell the facilitator.');
    refreshScreen();
  }

  /* Over the laptop's rate limit: that message was dropped. An answer names its id; anything
     else is re-sent from what is not yet confirmed (a re-sent answer is never stored twice). */
  function onSlowDown(m) {
    S.holdUntil = now() + SLOW_DOWN_MS;
    S.tokens = 0;
    var i = typeof m.id === 'string' ? indexOfPending(m.id) : -1;
    if (i >= 0) {
      // Dropped unanswered. If a newer answer to the same element went after it, sending this
      // one again would store the older answer over the newer: it is no longer wanted.
      var element = S.pending[i].element;
      var newer = S.pending.some(function (p, j) { return j > i && p.element === element; });
      if (newer) { S.pending.splice(i, 1); savePending(); } else S.pending[i].sent = false;
    } else {
      compactPending();  // only the last answer to each element goes again
      window.setTimeout(function () {
        if (S.status === 'choosing' && S.wantChoose !== undefined) sendChoose();
        sendFinish();
      }, SLOW_DOWN_MS);
    }
    flushPending();
  }

  function onError(m) {
    // The laptop could not use a message of ours. Only a name choice needs the person to know.
    if (S.wantChoose !== undefined && S.status === 'choosing') {
      S.wantChoose = undefined;
      showChoosing();
      showNotice('That did not work' + (typeof m.message === 'string' && m.message ? ': ' + m.message : '') +
        '. Please choose your name again.');
    }
  }

  // ---------------------------------------------------------------------------------------
  // Waking up: a phone that slept may hold a dead socket

  function wake() {
    if (!S.session || S.stopped) return;
    if (!S.ws) {
      if (shouldReconnect()) { S.retries = 0; connect(); }
      return;
    }
    if (S.ws.readyState === 1) {
      var heard = S.lastHeard;
      send({ type: 'ping' });
      window.clearTimeout(S.wakeTimer);
      S.wakeTimer = window.setTimeout(function () {
        if (S.ws && S.lastHeard === heard) abandonSocket();
      }, WAKE_CHECK_MS);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Wiring

  function onKey(event) {
    if (S.screen !== 'scoring' || event.ctrlKey || event.altKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    var key = event.key;
    if (S.workbook && /^[1-9]$/.test(key) && Number(key) <= S.workbook.levels.length) {
      answer(Number(key));
    } else if (key === '0' || key === 's' || key === 'S') {
      answer('not-sure');
    } else if (key === 'ArrowLeft') {
      goBack();
    } else if (key === 'ArrowRight') {
      goNext();
    } else {
      return;
    }
    event.preventDefault();
  }

  function wire() {
    $('join-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var code = normaliseCode($('code').value);
      if (!validCode(code)) {
        $('join-error').textContent = 'The code has 6 letters and numbers, as on the facilitator’s screen.';
        focusQuietly($('code'));
        return;
      }
      $('join-error').textContent = '';
      join(code);
    });
    $('ask-facilitator').addEventListener('click', function () { choose(null); });
    $('change-name').addEventListener('click', function () {
      S.changingName = true;
      showChoosing();
    });
    $('not-sure').addEventListener('click', function () { answer('not-sure'); });
    $('back').addEventListener('click', goBack);
    $('next').addEventListener('click', goNext);
    $('review').addEventListener('click', showReview);
    $('back-to-scoring').addEventListener('click', backToScoring);
    $('finish').addEventListener('click', finish);
    $('go-back').addEventListener('click', showReview);
    $('finish-anyway').addEventListener('click', doFinish);
    $('finished-review').addEventListener('click', showReview);
    $('join-again').addEventListener('click', function () { showJoin('', ''); });
    $('retry').addEventListener('click', function () {
      if (!S.session) { showJoin('', ''); return; }
      S.stopped = false;
      S.status = null;
      S.retries = 0;
      setScreen('connecting');
      $('connecting-text').textContent = 'Connecting to the workshop laptop…';
      $('connecting-detail').textContent = '';
      connect();
    });
    $('notice-dismiss').addEventListener('click', hideNotice);
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') wake();
    });
    window.addEventListener('online', wake);
    window.addEventListener('pageshow', function (event) { if (event.persisted) wake(); });
    window.addEventListener('hashchange', function () {
      var code = takeCodeFromAddress();
      if (!code) return;
      if (S.session && !S.stopped) { S.fallbackCode = code; return; }
      join(code);
    });
  }

  /* The join code is in the address's fragment (#K7PQ2M): read it, then take it out of the
     address bar so that it is not left in the history or shown over someone's shoulder. */
  function takeCodeFromAddress() {
    var hash = location.hash || '';
    if (hash.length <= 1) return '';
    var text = hash.slice(1);
    try { text = decodeURIComponent(text); } catch (e) { /* as it is */ }
    try {
      history.replaceState(null, '', location.pathname + location.search);
    } catch (e) { /* very old browser: leave it */ }
    var code = normaliseCode(text);
    return validCode(code) ? code : '';
  }

  function start() {
    wire();
    var code = takeCodeFromAddress();
    loadStored();
    updateIndicators();
    if (S.session) {
      // A reload: this device has joined already. Connect again rather than join again.
      S.fallbackCode = code;
      S.status = null;
      setScreen('connecting');
      $('connecting-text').textContent = 'Connecting to the workshop laptop…';
      updateWho();
      connect();
    } else if (code) {
      join(code);
    } else {
      showJoin('');
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
