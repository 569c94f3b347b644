// Tweetup demo: a minimal Discord-like client for the local emulator. No build step, no
// dependencies: it reads what the chosen member sees (/api/world, /api/messages), acts as
// them (/api/slash, /api/autocomplete, /api/click, /api/select, /api/modal, /api/say) and
// re-reads whenever the emulator's event stream (/api/events) says something changed.
"use strict";

const $ = (selector) => document.querySelector(selector);
const ui = { viewer: null, channel: null, world: null, command: null, fetchedAt: 0, busy: false };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "html") node.innerHTML = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
  return data;
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// -- time: the bot's clock, rendered in the viewer's own time zone --------------------------

function demoNow() {
  if (!ui.world) return Date.now();
  return Date.parse(ui.world.now) + (Date.now() - ui.fetchedAt);
}

const FORMATS = {
  t: { timeStyle: "short" },
  T: { timeStyle: "medium" },
  d: { dateStyle: "short" },
  D: { dateStyle: "long" },
  f: { dateStyle: "long", timeStyle: "short" },
  F: { dateStyle: "full", timeStyle: "short" },
};

function relative(ms) {
  const seconds = Math.round((ms - demoNow()) / 1000);
  const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, "second");
}

function timestamp(seconds, style) {
  const ms = Number(seconds) * 1000;
  const full = new Intl.DateTimeFormat(undefined, FORMATS.F).format(ms);
  const text = style === "R" ? relative(ms) : new Intl.DateTimeFormat(undefined, FORMATS[style || "f"]).format(ms);
  return `<span class="ts" title="${full}" data-ts="${seconds}">${text}</span>`;
}

// -- Discord markdown (the part the bot uses) ---------------------------------------------

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function markdown(text) {
  const users = ui.world ? ui.world.users : {};
  const channelNames = {};
  for (const channel of ui.world ? ui.world.sidebar.channels : []) {
    channelNames[channel.id] = channel.name;
    for (const thread of channel.threads) channelNames[thread.id] = thread.name;
  }
  let html = escapeHtml(text || "");
  html = html.replace(/&lt;t:(-?\d+)(?::([tTdDfFR]))?&gt;/g, (_, s, style) => timestamp(s, style));
  html = html.replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(users[id] || "someone")}</span>`);
  html = html.replace(/&lt;@&amp;(\d+)&gt;/g, (_, id) => {
    const role = (ui.world ? ui.world.roles : []).find((r) => r.id === id);
    return `<span class="mention">@${escapeHtml(role ? role.name : "role")}</span>`;
  });
  html = html.replace(/&lt;#(\d+)&gt;/g, (_, id) => `<span class="mention">#${escapeHtml(channelNames[id] || "channel")}</span>`);
  html = html.replace(/`([^`]+)`/g, "<code>$1</code>");
  html = html.replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
  html = html.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
  html = html.replace(/__(.+?)__/g, "<u>$1</u>");
  html = html.replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, "$1<em>$2</em>");
  html = html.replace(/(^|\W)_(?!\s)(.+?)_(?!\w)/g, "$1<em>$2</em>");
  html = html.replace(/~~(.+?)~~/g, "<s>$1</s>");
  html = html.replace(/^-# (.*)$/gm, '<small class="note">$1</small>');
  html = html.replace(/^#{1,3} (.*)$/gm, "<strong>$1</strong>");
  html = html.replace(/^&gt; (.*)(\n|$)/gm, "<blockquote>$1</blockquote>");
  return html;
}

// -- drawing messages ---------------------------------------------------------------------

function avatar(user, small) {
  const hue = Number(BigInt(user.id) % 360n);
  const style = user.bot ? "background: var(--blurple)" : `background: hsl(${hue} 45% 45%)`;
  return el("div", { class: small ? "avatar small" : "avatar", style }, user.bot ? "🤝" : user.name[0].toUpperCase());
}

function attachmentUrl(message, url) {
  if (url && url.startsWith("attachment://")) {
    const name = url.slice("attachment://".length);
    const found = message.attachments.find((a) => a.filename === name);
    return found ? found.url : null;
  }
  return url;
}

function embed(message, data) {
  const color = data.color !== undefined ? `#${Number(data.color).toString(16).padStart(6, "0")}` : null;
  const box = el("div", { class: "embed", style: color ? `border-left-color: ${color}` : null });
  if (data.author && data.author.name) box.append(el("div", { class: "embed-author" }, data.author.name));
  if (data.title) {
    const title = el("div", { class: "embed-title", html: markdown(data.title) });
    box.append(data.url ? el("a", { href: data.url, target: "_blank" }, title) : title);
  }
  if (data.description) box.append(el("div", { class: "content", html: markdown(data.description) }));
  if (data.fields && data.fields.length) {
    box.append(el("div", { class: "embed-fields" }, data.fields.map((field) =>
      el("div", { class: field.inline ? "embed-field inline" : "embed-field" },
        el("div", { class: "name", html: markdown(field.name) }),
        el("div", { class: "content", html: markdown(field.value) })))));
  }
  for (const key of ["image", "thumbnail"]) {
    const src = data[key] && attachmentUrl(message, data[key].url);
    if (src) box.append(el("img", { src, alt: key }));
  }
  const footer = [];
  if (data.footer && data.footer.text) footer.push(escapeHtml(data.footer.text));
  if (data.timestamp) footer.push(timestamp(Date.parse(data.timestamp) / 1000, "f"));
  if (footer.length) box.append(el("div", { class: "embed-footer", html: footer.join(" • ") }));
  return box;
}

function attachment(item, inEmbeds) {
  if (item.content_type.startsWith("image/")) {
    return inEmbeds.has(item.filename) ? null : el("div", { class: "attachment" }, el("img", { src: item.url, alt: item.filename }));
  }
  const icon = item.filename.endsWith(".ics") ? "📅" : "📄";
  const size = item.size > 1024 ? `${(item.size / 1024).toFixed(1)} KB` : `${item.size} bytes`;
  return el("div", { class: "attachment" }, el("div", { class: "file" }, icon,
    el("div", {}, el("a", { href: item.url, download: item.filename }, item.filename),
      el("div", { class: "size" }, size))));
}

function button(message, data) {
  if (data.style === 5 || data.url) {
    return el("a", { class: "btn-5", href: data.url, target: "_blank" }, el("button", { type: "button", class: "btn-5" }, `${data.label || ""} ↗`));
  }
  const label = [data.emoji && data.emoji.name, data.label].filter(Boolean).join(" ");
  return el("button", {
    type: "button", class: `btn-${data.style || 2}`, disabled: data.disabled, "data-custom-id": data.custom_id,
    onclick: (event) => act(event.currentTarget, "/api/click", { message: message.id, custom_id: data.custom_id }),
  }, label);
}

function selectMenu(message, data) {
  const many = (data.max_values || 1) > 1;
  const menu = el("select", { "data-custom-id": data.custom_id, multiple: many, disabled: data.disabled },
    many ? null : el("option", { value: "" }, data.placeholder || "Make a selection"),
    (data.options || []).map((option) => el("option", { value: option.value, selected: option.default },
      [option.emoji && option.emoji.name, option.label, option.description && `— ${option.description}`].filter(Boolean).join(" "))));
  const send = () => {
    const values = [...menu.selectedOptions].map((o) => o.value).filter(Boolean);
    if (values.length) act(menu, "/api/select", { message: message.id, custom_id: data.custom_id, values });
  };
  if (!many) {
    menu.addEventListener("change", send);
    return menu;
  }
  return el("span", {}, menu, el("button", { type: "button", onclick: send }, "Done"));
}

function components(message, items) {
  return items.map((item) => {
    switch (item.type) {
      case 1: return el("div", { class: "row" }, components(message, item.components || []));
      case 2: return button(message, item);
      case 3: case 5: case 6: case 7: case 8: return selectMenu(message, item);
      case 9: return el("div", { class: "section" }, components(message, item.components || []),
        item.accessory ? components(message, [item.accessory]) : null);
      case 10: return el("div", { class: "content", html: markdown(item.content) });
      case 14: return el("hr");
      case 17: return el("div", { class: "container" }, components(message, item.components || []));
      default: return null;
    }
  });
}

function messageItem(message) {
  const head = el("div", { class: "head" }, el("span", { class: "author" }, message.author.name),
    message.author.bot ? el("span", { class: "botbadge" }, "APP") : null,
    el("span", { class: "time", html: timestamp(Date.parse(message.timestamp) / 1000, "t") }));
  const body = el("div", { class: "body" });
  if (message.interaction) {
    const who = escapeHtml(message.interaction.user.name);
    const what = message.interaction.command ? ` used <b>/${escapeHtml(message.interaction.command)}</b>` : " clicked";
    body.append(el("div", { class: "used", html: `${who}${what}` }));
  }
  body.append(head);
  if (message.loading) body.append(el("div", { class: "loading" }, "Tweetup is thinking…"));
  if (message.content) body.append(el("div", { class: "content", html: markdown(message.content) }));
  const inEmbeds = new Set(message.embeds.flatMap((e) => ["image", "thumbnail"]
    .map((k) => e[k] && e[k].url).filter((u) => u && u.startsWith("attachment://")).map((u) => u.slice(13))));
  for (const data of message.embeds) body.append(embed(message, data));
  for (const item of message.attachments) body.append(attachment(item, inEmbeds));
  body.append(...components(message, message.components).filter(Boolean));
  if (message.ephemeral) body.append(el("div", { class: "note" }, "👁 Only you can see this"));
  if (message.thread_id) {
    body.append(el("div", { class: "note" }, el("a", { href: "#", onclick: (e) => { e.preventDefault(); openChannel(message.thread_id); } }, "🧵 Open the thread")));
  }
  return el("li", { class: message.ephemeral ? "msg ephemeral" : "msg", "data-id": message.id }, avatar(message.author), body);
}

// -- acting -------------------------------------------------------------------------------

async function act(control, path, body) {
  if (control) control.disabled = true;
  try {
    const answer = await api(path, { viewer: ui.viewer, ...body });
    if (answer.modal) openModal(answer.modal, answer.interaction_id);
    await refresh();
    return answer;
  } catch (error) {
    toast(error.message);
    return null;
  } finally {
    if (control && control.isConnected) control.disabled = false;
  }
}

function openModal(modal, interactionId) {
  $("#modal-title").textContent = modal.title || "";
  const fields = $("#modal-fields");
  fields.replaceChildren();
  const inputs = [];
  for (const row of modal.components || []) {
    const items = row.type === 18 ? [{ ...row.component, label: row.label, description: row.description }] : (row.components || []);
    for (const item of items) inputs.push(item);
  }
  for (const item of inputs) {
    const attrs = { name: item.custom_id, placeholder: item.placeholder, required: item.required !== false,
      maxlength: item.max_length, minlength: item.min_length, "aria-label": item.label };
    let control;
    if (item.type === 3) {
      control = el("select", attrs, (item.options || []).map((o) => el("option", { value: o.value }, o.label)));
    } else if (item.style === 2) {
      control = el("textarea", attrs, item.value || "");
    } else {
      control = el("input", { ...attrs, value: item.value || "" });
    }
    fields.append(el("div", { class: "field" }, el("label", {}, item.label || item.custom_id), control));
  }
  $("#modal").onsubmit = async (event) => {
    event.preventDefault();
    const values = {};
    for (const control of fields.querySelectorAll("[name]")) values[control.name] = control.value;
    $("#modal-backdrop").hidden = true;
    await act($("#modal-submit"), "/api/modal", { interaction: interactionId, values });
  };
  $("#modal-backdrop").hidden = false;
  const first = fields.querySelector("input, textarea, select");
  if (first) first.focus();
}

// -- the slash-command box ----------------------------------------------------------------

function showSuggestions() {
  const box = $("#suggestions");
  const text = $("#command-input").value;
  if (!text.startsWith("/") || ui.command || !ui.world) {
    box.hidden = true;
    return;
  }
  const wanted = text.slice(1).trim().toLowerCase();
  const found = ui.world.commands.filter((c) => c.path.startsWith(wanted) || c.path.includes(wanted));
  box.replaceChildren(...found.map((command) => el("li", { "data-path": command.path, onclick: () => chooseCommand(command) },
    el("strong", {}, `/${command.path}`), el("span", { class: "desc" }, command.description))));
  box.hidden = found.length === 0;
}

const AUTOCOMPLETE_DELAY = 150;

function optionControl(option) {
  const name = option.name;
  const attrs = { name, "data-type": option.type, title: option.description, placeholder: option.description };
  const choose = (entries, blank) => el("select", attrs, el("option", { value: "" }, blank),
    entries.map(([value, label]) => el("option", { value }, label)));
  if (option.choices) return choose(option.choices.map((c) => [JSON.stringify(c.value), c.name]), "—");
  switch (option.type) {
    case 5: return choose([["true", "True"], ["false", "False"]], "—");
    case 6: case 9: return choose(ui.world.members.map((m) => [m.id, m.name]), "—");
    case 7: return choose(ui.world.sidebar.channels.map((c) => [c.id, `#${c.name}`]), "—");
    case 8: return choose(ui.world.roles.map((r) => [r.id, r.name]), "—");
    case 4: case 10: return el("input", { ...attrs, type: "number", min: option.min_value, max: option.max_value, step: option.type === 10 ? "any" : "1" });
    default: break;
  }
  const input = el("input", { ...attrs, maxlength: option.max_length });
  if (option.autocomplete) {
    input.addEventListener("input", () => {
      delete input.dataset.value;
      clearTimeout(input.timer);
      input.timer = setTimeout(() => autocomplete(input), AUTOCOMPLETE_DELAY);
    });
    input.addEventListener("focus", () => autocomplete(input));
  }
  return input;
}

function chooseCommand(command) {
  ui.command = command;
  $("#command-input").value = `/${command.path}`;
  $("#suggestions").hidden = true;
  $("#command-name").textContent = `/${command.path}`;
  const options = $("#command-options");
  options.replaceChildren(...command.options.map((option) => el("div", { class: "opt" },
    el("label", {}, option.name, option.required ? el("span", { class: "req" }, " *") : null),
    optionControl(option))));
  $("#command-form").hidden = false;
  const first = options.querySelector("input, select");
  if (first) first.focus();
}

function clearCommand() {
  ui.command = null;
  $("#command-form").hidden = true;
  $("#command-options").replaceChildren();
  $("#command-input").value = "";
  $("#suggestions").hidden = true;
}

function optionValue(control) {
  if (control.value === "") return null;
  const type = Number(control.dataset.type);
  if (control.tagName === "SELECT" && ui.command.options.find((o) => o.name === control.name).choices) return JSON.parse(control.value);
  if (type === 5) return control.value === "true";
  if (type === 4 || type === 10) return Number(control.value);
  return control.dataset.value !== undefined ? control.dataset.value : control.value;
}

function optionValues(except) {
  const values = {};
  for (const control of $("#command-options").querySelectorAll("[name]")) {
    if (control === except) continue;
    const value = optionValue(control);
    if (value !== null) values[control.name] = value;
  }
  return values;
}

async function autocomplete(input) {
  const options = { ...optionValues(input), [input.name]: input.value };
  const asked = (input.asked = (input.asked || 0) + 1);
  let choices = [];
  try {
    ({ choices } = await api("/api/autocomplete", {
      viewer: ui.viewer, channel: ui.channel, command: ui.command.path, focused: input.name, options,
    }));
  } catch (error) {
    toast(error.message);
  }
  if (asked !== input.asked) return; // a later keystroke's answer wins
  const holder = input.parentElement;
  const old = holder.querySelector(".ac-list");
  if (old) old.remove();
  if (!choices.length || document.activeElement !== input) return;
  holder.append(el("ul", { class: "ac-list" }, choices.map((choice) => el("li", {
    "data-value": choice.value,
    onmousedown: (event) => {
      event.preventDefault();
      input.value = choice.name;
      input.dataset.value = String(choice.value);
      holder.querySelector(".ac-list").remove();
    },
  }, choice.name))));
}

async function submitComposer(event) {
  event.preventDefault();
  const text = $("#command-input").value.trim();
  if (ui.command) {
    const missing = ui.command.options.filter((o) => o.required && !(o.name in optionValues()));
    if (missing.length) return toast(`Fill in ${missing.map((o) => o.name).join(", ")}`);
    const answer = await act($("#send"), "/api/slash", { channel: ui.channel, command: ui.command.path, options: optionValues() });
    if (answer) clearCommand();
    return undefined;
  }
  if (text.startsWith("/")) {
    const match = ui.world.commands.find((c) => c.path === text.slice(1).trim());
    return match ? chooseCommand(match) : toast("Pick a command from the list");
  }
  if (text) {
    const sent = await act($("#send"), "/api/say", { channel: ui.channel, content: text });
    if (sent) $("#command-input").value = "";
  }
  return undefined;
}

// -- the page around the messages ---------------------------------------------------------

function drawWorld() {
  const world = ui.world;
  $("#server-name").textContent = world.sidebar.guild.name;
  const viewer = $("#viewer");
  if (viewer.options.length !== world.members.length) {
    viewer.replaceChildren(...world.members.map((m) => el("option", { value: m.id }, m.name)));
  }
  viewer.value = ui.viewer;
  const items = [];
  for (const channel of world.sidebar.channels) {
    items.push(el("li", { class: channel.id === ui.channel ? "active" : "", "data-channel": channel.id, onclick: () => openChannel(channel.id) }, `# ${channel.name}`));
    for (const thread of channel.threads) {
      items.push(el("li", { class: thread.id === ui.channel ? "thread active" : "thread", "data-channel": thread.id, onclick: () => openChannel(thread.id) }, `🧵 ${thread.name}`));
    }
  }
  $("#channels").replaceChildren(...items);
  const dm = world.sidebar.dm;
  $("#dms").replaceChildren(el("li", {
    id: "dm-link", class: dm.id ? (dm.id === ui.channel ? "active" : "") : "disabled", "data-channel": dm.id,
    onclick: () => dm.id && openChannel(dm.id),
  }, "🤝 Tweetup", dm.count ? el("span", { class: "badge" }, String(dm.count)) : null));
  $("#members").replaceChildren(...world.members.map((m) => el("li", {}, avatar(m, true), m.name, m.owner ? " 👑" : "")));
  $("#now").innerHTML = `🕒 ${timestamp(Date.parse(world.now) / 1000, "F")}` +
    (world.offset_seconds > 60 ? ` <small>(fast-forwarded ${Math.round(world.offset_seconds / 3600)} h)</small>` : "");
  const caption = world.caption;
  if (caption.step && caption.step !== ui.captionStep) {
    ui.captionStep = caption.step; // the tour points at whom and where to watch
    if (caption.viewer && caption.viewer !== ui.viewer) return switchViewer(caption.viewer, caption.channel);
    if (caption.channel && caption.channel !== ui.channel) return openChannel(caption.channel);
  }
  $("#caption").hidden = !caption.text;
  $("#caption").innerHTML = caption.text ? `<b>Tour ${caption.step}/${caption.total}</b> · ${markdown(caption.text)}` : "";
}

async function refresh() {
  if (ui.busy) {
    ui.again = true;
    return;
  }
  ui.busy = true;
  try {
    do {
      ui.again = false;
      ui.world = await api(`/api/world?viewer=${ui.viewer || ""}`);
      ui.fetchedAt = Date.now();
      if (!ui.viewer) ui.viewer = ui.world.viewer.id;
      if (!ui.channel) ui.channel = ui.world.sidebar.channels[0].id;
      drawWorld();
      const data = await api(`/api/messages?viewer=${ui.viewer}&channel=${ui.channel}`);
      drawMessages(data);
    } while (ui.again);
  } catch (error) {
    toast(error.message);
  } finally {
    ui.busy = false;
  }
}

function drawMessages(data) {
  const list = $("#messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const isDm = data.channel.name === "Direct messages";
  $("#channel-header").textContent = isDm ? "🤝 Tweetup — your direct messages" : `# ${data.channel.name}`;
  $("#composer").hidden = isDm;
  $("#dm-note").hidden = !isDm;
  list.replaceChildren(...data.messages.map(messageItem));
  if (atBottom || ui.scrollDown) list.scrollTop = list.scrollHeight;
  ui.scrollDown = false;
}

function openChannel(id) {
  ui.channel = String(id);
  ui.scrollDown = true;
  refresh();
}

function switchViewer(id, channel) {
  ui.viewer = id;
  const dm = ui.world && ui.world.sidebar.dm.id;
  if (channel) ui.channel = channel;
  else if (ui.channel === dm) ui.channel = null;
  clearCommand();
  ui.scrollDown = true;
  const url = new URL(window.location);
  url.searchParams.set("as", id);
  history.replaceState(null, "", url);
  refresh();
}

function start() {
  ui.viewer = new URL(window.location).searchParams.get("as");
  $("#viewer").addEventListener("change", (event) => switchViewer(event.target.value));
  $("#command-input").addEventListener("input", () => {
    if (ui.command && $("#command-input").value !== `/${ui.command.path}`) clearCommand();
    showSuggestions();
  });
  $("#command-clear").addEventListener("click", clearCommand);
  $("#composer").addEventListener("submit", submitComposer);
  $("#modal-cancel").addEventListener("click", () => { $("#modal-backdrop").hidden = true; });
  for (const control of document.querySelectorAll(".ff[data-hours]")) {
    control.addEventListener("click", () => act(control, "/api/fast-forward", { hours: Number(control.dataset.hours) }));
  }
  $("#next-due").addEventListener("click", async () => {
    const answer = await act($("#next-due"), "/api/fast-forward", { to: "next" });
    if (answer && !answer.due) toast("Nothing is queued: no reminder or DM is waiting.");
  });
  const events = new EventSource("/api/events");
  events.addEventListener("changed", refresh);
  setInterval(() => { if (ui.world) drawWorld(); }, 30000);
  refresh();
}

start();
