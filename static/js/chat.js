// static/js/chat.js: the chat page's client (apps/chat/PROTOCOL.md). Loaded after
// /socket.io/socket.io.js on templates/chat.ejs. Every piece of user-supplied text goes into the
// page through textContent, never innerHTML.
// `?transports=polling` (or `websocket`, or a comma list) in the page URL forces Socket.IO transports.
(function () {
  'use strict';
  const root = document.getElementById('chat');
  if (!root || typeof io !== 'function') return;

  const $ = (id) => document.getElementById(id);
  const el = {
    rooms: $('rooms'), joinForm: $('join-form'), joinRoom: $('join-room'),
    currentRoom: $('current-room'), usersRoom: $('users-room'), status: $('status'),
    notices: $('notices'), messages: $('messages'), typing: $('typing'), error: $('error'),
    composer: $('composer'), type: $('type'), recipient: $('recipient'), text: $('text'),
    users: $('users'), onlineCount: $('online-count'), signout: $('signout'),
  };
  const MAX_MESSAGES = 1000;   // kept in the page
  const MAX_NOTICES = 20;
  const TYPING_IDLE_MS = 2000; // "stopped typing" after this long without a key
  const TYPING_STALE_MS = 6000;
  const ACK_TIMEOUT_MS = 10000;

  const params = new URLSearchParams(location.search);
  const transports = params.get('transports');
  const options = transports ? { transports: transports.split(',') } : {};

  const state = {
    nickname: root.dataset.nickname,
    current: root.dataset.room || 'lobby',
    joined: [],               // rooms the server confirmed, in join order
    wanted: [root.dataset.room || 'lobby'], // rooms to (re)join on every connect
    known: new Map(),         // room -> member count, for rooms not joined
    members: new Map(),       // room -> [nickname...]
    online: [],
    ids: new Set(),           // ids of the messages on the page
    unread: new Map(),
    typing: new Map(),        // room -> Map(nickname -> expiry timer)
    typingRoom: '',           // room we told the server we're typing in
    typingTimer: 0,
    loggedIn: false,
    everLoggedIn: false,
  };

  const socket = io(options);
  const system = io('/system', options);

  // ---------- rendering ----------
  function node(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const clock = (t) => new Date(Number(t)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  function visible(li) {
    return li.dataset.type !== 'room' || li.dataset.recipient === state.current;
  }

  function tagText(m) {
    if (m.type === 'private') return 'whisper → ' + m.recipient;
    if (m.type === 'random') return 'random → ' + m.recipient;
    return m.type === 'room' ? '' : m.type;
  }

  function setMessageFields(li, m) {
    li.dataset.id = m.id;
    li.dataset.recipient = m.recipient;
    li.dataset.time = String(m.time);
    li.querySelector('.time').textContent = clock(m.time);
    const tag = li.querySelector('.tag');
    if (tag) tag.textContent = tagText(m);
    if (m.id) state.ids.add(m.id);
    li.hidden = !visible(li);
  }

  /// Builds the same markup as templates/partials/message.ejs.
  function messageElement(m) {
    const li = node('li', 'message type-' + m.type);
    li.dataset.testid = 'message';
    li.dataset.type = m.type;
    li.dataset.sender = m.sender;
    li.append(node('time', 'time'), node('span', 'sender', m.sender));
    if (m.type !== 'room') li.append(node('span', 'tag', tagText(m)));
    li.append(node('span', 'text', m.data), node('span', 'mark'));
    li.querySelector('.mark').title = 'delivered';
    if (m.sender === state.nickname) li.classList.add('own');
    setMessageFields(li, m);
    return li;
  }

  function scrollToEnd() { el.messages.scrollTop = el.messages.scrollHeight; }

  function trimMessages() {
    while (el.messages.children.length > MAX_MESSAGES) el.messages.firstElementChild.remove();
  }

  /// Inserts a message in time order unless it is already on the page.
  function addMessage(m, fromHistory) {
    if (!m || !m.id) return;
    const own = m.sender === state.nickname;
    if (state.ids.has(m.id)) {
      // Our ack may have come first: the echo still brings the random recipient.
      const known = own ? el.messages.querySelector('li[data-id="' + CSS.escape(m.id) + '"]') : null;
      if (known) setMessageFields(known, m);
      return;
    }
    if (own && !fromHistory && claimPending(m)) return;
    const li = messageElement(m);
    if (own) {
      li.classList.add('delivered');
      li.querySelector('.mark').textContent = '✓';
    }
    let before = null;
    for (let e = el.messages.lastElementChild; e && Number(e.dataset.time) > m.time; e = e.previousElementSibling) before = e;
    el.messages.insertBefore(li, before);
    trimMessages();
    if (!fromHistory && !li.hidden) scrollToEnd();
    if (!fromHistory && li.hidden) bumpUnread(m.recipient);
    if (!fromHistory) clearTyping(m.type === 'room' ? m.recipient : '', m.sender);
  }

  /// Our own echo: it fills in the pending element we added when sending.
  function claimPending(m) {
    for (const li of el.messages.querySelectorAll('li.pending:not([data-id])')) {
      if (li.dataset.type === m.type && li.querySelector('.text').textContent === m.data) {
        setMessageFields(li, m);
        return true;
      }
    }
    return false;
  }

  function addNotice(text, kind) {
    const li = node('li', 'notice notice-' + kind);
    li.dataset.testid = 'notice';
    li.dataset.kind = kind;
    li.append(node('time', 'time', clock(Date.now())), node('span', 'text', text));
    el.notices.prepend(li);
    while (el.notices.children.length > MAX_NOTICES) el.notices.lastElementChild.remove();
  }

  let errorTimer = 0;
  function showError(text) {
    el.error.textContent = text;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => { el.error.textContent = ''; }, 10000);
  }

  function setStatus(kind, text) {
    el.status.dataset.state = kind;
    el.status.textContent = text;
  }

  function bumpUnread(room) {
    state.unread.set(room, (state.unread.get(room) || 0) + 1);
    renderRooms();
  }

  function roomItem(room, joined) {
    const li = node('li', 'room' + (room === state.current ? ' current' : '') + (joined ? ' joined' : ''));
    li.dataset.testid = 'room';
    li.dataset.room = room;
    const name = node('button', 'room-name', '#' + room);
    name.type = 'button';
    name.dataset.action = joined ? 'switch' : 'join';
    li.append(name);
    const count = joined ? (state.members.get(room) || []).length : state.known.get(room) || 0;
    li.append(node('span', 'count', String(count)));
    const unread = state.unread.get(room) || 0;
    if (unread > 0) li.append(node('span', 'unread', String(unread)));
    if (joined) {
      const leave = node('button', 'leave', '×');
      leave.type = 'button';
      leave.title = 'leave #' + room;
      leave.dataset.action = 'leave';
      leave.dataset.testid = 'leave';
      li.append(leave);
    }
    return li;
  }

  function renderRooms() {
    const items = state.joined.map((room) => roomItem(room, true));
    for (const room of state.known.keys()) if (!state.joined.includes(room)) items.push(roomItem(room, false));
    el.rooms.replaceChildren(...items);
  }

  function renderUsers() {
    const items = (state.members.get(state.current) || []).map((nickname) => {
      const li = node('li');
      li.dataset.testid = 'user';
      li.dataset.nickname = nickname;
      if (nickname === state.nickname) li.className = 'self';
      const b = node('button', 'user', nickname);
      b.type = 'button';
      b.dataset.action = 'whisper';
      li.append(b);
      return li;
    });
    el.users.replaceChildren(...items);
    el.usersRoom.textContent = state.current;
    el.onlineCount.textContent = String(state.online.length);
  }

  function renderRecipients() {
    const chosen = el.recipient.value;
    const items = state.online.filter((n) => n !== state.nickname).map((n) => {
      const o = node('option', '', n);
      o.value = n;
      return o;
    });
    el.recipient.replaceChildren(...items);
    if (state.online.includes(chosen)) el.recipient.value = chosen;
  }

  function renderTyping() {
    const who = Array.from((state.typing.get(state.current) || new Map()).keys());
    el.typing.textContent = who.length === 0 ? '' :
      who.length === 1 ? who[0] + ' is typing…' : who.join(', ') + ' are typing…';
  }

  function renderView() {
    el.currentRoom.textContent = state.current;
    for (const li of el.messages.children) li.hidden = !visible(li);
    renderRooms();
    renderUsers();
    renderTyping();
    scrollToEnd();
  }

  // ---------- actions ----------
  function rememberRoomInUrl() {
    const url = new URL(location.href);
    url.searchParams.set('room', state.current);
    history.replaceState(null, '', url);
  }

  function switchTo(room) {
    if (room === state.current) return;
    stopTyping();
    state.current = room;
    state.unread.delete(room);
    rememberRoomInUrl();
    renderView();
  }

  function joined(room, users, messages) {
    if (!state.joined.includes(room)) state.joined.push(room);
    if (!state.wanted.includes(room)) state.wanted.push(room);
    state.known.delete(room);
    state.members.set(room, users || []);
    for (const m of messages || []) addMessage(m, true);
  }

  function join(room) {
    socket.timeout(ACK_TIMEOUT_MS).emit('join', { room }, (err, res) => {
      if (err) return showError('join: no answer from the server');
      if (!res.ok) return showError('join: ' + res.error);
      joined(res.room, res.users, res.history);
      switchTo(res.room);
      renderView();
    });
  }

  function leave(room) {
    socket.timeout(ACK_TIMEOUT_MS).emit('leave', { room }, (err, res) => {
      if (err) return showError('leave: no answer from the server');
      if (!res.ok) return showError('leave: ' + res.error);
      state.joined = state.joined.filter((r) => r !== room);
      state.wanted = state.wanted.filter((r) => r !== room);
      state.members.delete(room);
      state.typing.delete(room);
      if (state.current === room) switchTo(state.joined[0] || 'lobby');
      renderView();
    });
  }

  function send(type, data) {
    const payload = { recipient: '', command: 'chat', type, data };
    if (type === 'room') { payload.room = state.current; payload.recipient = state.current; }
    if (type === 'private') payload.recipient = el.recipient.value;
    if (type === 'private' && !payload.recipient) return showError('Choose someone to whisper to.');
    const li = messageElement({ id: '', sender: state.nickname, recipient: payload.recipient, command: 'chat', type, data, time: Date.now() });
    li.classList.add('pending');
    li.removeAttribute('data-id');
    el.messages.append(li);
    trimMessages();
    scrollToEnd();
    socket.timeout(ACK_TIMEOUT_MS).emit('chat message', payload, (err, res) => {
      li.classList.remove('pending');
      if (err || !res.ok) {
        li.classList.add('failed');
        li.querySelector('.mark').textContent = '✗';
        li.querySelector('.mark').title = err ? 'no answer from the server' : res.error;
        return;
      }
      if (!li.dataset.id) setMessageFields(li, { id: res.id, recipient: li.dataset.recipient, time: res.time, type });
      li.classList.add('delivered');
      li.querySelector('.mark').textContent = '✓';
    });
  }

  function stopTyping() {
    clearTimeout(state.typingTimer);
    if (state.typingRoom) socket.emit('typing', { room: state.typingRoom, typing: false });
    state.typingRoom = '';
  }

  function noteTyping() {
    if (!state.loggedIn || el.type.value !== 'room') return;
    if (state.typingRoom !== state.current) {
      stopTyping();
      state.typingRoom = state.current;
      socket.emit('typing', { room: state.current, typing: true });
    }
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function clearTyping(room, nickname) {
    const who = state.typing.get(room);
    if (!who || !who.has(nickname)) return;
    clearTimeout(who.get(nickname));
    who.delete(nickname);
    renderTyping();
  }

  // ---------- DOM events ----------
  el.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = el.text.value;
    if (data.trim() === '') return;
    stopTyping();
    send(el.type.value, data);
    el.text.value = '';
    el.text.focus();
  });
  el.text.addEventListener('input', noteTyping);
  el.type.addEventListener('change', () => { el.recipient.hidden = el.type.value !== 'private'; });

  el.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = el.joinRoom.value.trim();
    if (room) join(room);
    el.joinRoom.value = '';
  });

  el.rooms.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const room = button.closest('li').dataset.room;
    if (button.dataset.action === 'switch') switchTo(room);
    else if (button.dataset.action === 'join') join(room);
    else if (button.dataset.action === 'leave') leave(room);
  });

  el.users.addEventListener('click', (event) => {
    const li = event.target.closest('li[data-nickname]');
    if (!li || li.dataset.nickname === state.nickname) return;
    el.type.value = 'private';
    el.recipient.hidden = false;
    el.recipient.value = li.dataset.nickname;
    el.text.focus();
  });

  if (el.signout) {
    el.signout.addEventListener('click', () => {
      document.cookie = 'nickname=; path=/; max-age=0; samesite=lax';
      socket.disconnect();
      location.href = '/';
    });
  }

  // ---------- realtime ----------
  function login() {
    socket.timeout(ACK_TIMEOUT_MS).emit('login', { nickname: state.nickname, rooms: state.wanted.slice() }, (err, res) => {
      if (err) return showError('login: no answer from the server');
      if (!res.ok) {
        // After a network blip the server may still hold our old connection for a while.
        if (res.error === 'nickname taken' && state.everLoggedIn) return setTimeout(login, 2000);
        setStatus('refused', 'signed out');
        return showError('Cannot sign in: ' + res.error + '. Pick another nickname on the sign-in page.');
      }
      state.loggedIn = state.everLoggedIn = true;
      state.nickname = res.nickname;
      state.joined = [];
      state.online = res.users;
      for (const room of res.rooms) joined(room, state.members.get(room), res.history[room]);
      state.wanted = res.rooms.slice();
      if (!state.joined.includes(state.current)) state.current = state.joined[0] || 'lobby';
      document.cookie = 'nickname=' + encodeURIComponent(res.nickname) + '; path=/; samesite=lax';
      setStatus('online', 'online');
      renderRecipients();
      renderView();
    });
  }

  socket.on('connect', login);
  socket.on('disconnect', (reason) => {
    state.loggedIn = false;
    state.typingRoom = '';
    setStatus('offline', 'reconnecting…');
    // The client does not reconnect by itself after the server closed the socket.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 1000);
  });

  socket.on('chat message', (m) => addMessage(m, false));
  socket.on('notice', (n) => {
    const text = n.type === 'join' ? n.nickname + ' joined #' + n.room :
      n.type === 'leave' ? n.nickname + ' left #' + n.room :
      n.type === 'login' ? n.nickname + ' signed in' : n.nickname + ' signed out';
    addNotice(text, n.type);
  });
  socket.on('users', (u) => {
    if (u.room === '') {
      state.online = u.users;
      renderRecipients();
    } else {
      state.members.set(u.room, u.users);
      renderRooms();
    }
    renderUsers();
  });
  socket.on('typing', (t) => {
    if (!state.typing.has(t.room)) state.typing.set(t.room, new Map());
    const who = state.typing.get(t.room);
    clearTimeout(who.get(t.nickname));
    if (t.typing) who.set(t.nickname, setTimeout(() => clearTyping(t.room, t.nickname), TYPING_STALE_MS));
    else who.delete(t.nickname);
    renderTyping();
  });
  socket.on('chat error', (e) => showError((e.event ? e.event + ': ' : '') + e.error));
  system.on('notice', (n) => addNotice('Notice! ' + n.text, 'system'));

  // ---------- the server-rendered page ----------
  for (const li of el.messages.children) {
    state.ids.add(li.dataset.id);
    li.querySelector('.time').textContent = clock(li.dataset.time);
  }
  for (const li of el.rooms.children) state.known.set(li.dataset.room, Number(li.querySelector('.count').textContent));
  for (const o of el.recipient.options) state.online.push(o.value);
  scrollToEnd();
})();
