/** @odoo-module ignore */
// The big screen (电子显示屏). Plain JS on purpose: a TV keeps this page open
// for weeks, so it holds one websocket, one interval timer and a bounded set
// of DOM nodes that are updated in place, never rebuilt.
(function () {
    "use strict";

    const root = document.querySelector(".o_repair_board");
    if (!root) {
        return;
    }
    const L = JSON.parse(root.dataset.labels || "{}");
    const boardId = root.dataset.boardId;
    const wsVersion = root.dataset.wsVersion || "";
    const FALLBACK_MS = 30000; // refresh period while the bus is down
    const SAFETY_MS = 300000; // refresh period while the bus is up (SLA moves with time)
    // Every screen hears the same notification: a random spread keeps them
    // from reaching the server in the same instant.
    const DEBOUNCE_MS = 800;
    const SPREAD_MS = 4000;
    const FLASH_MS = 15000;

    const state = {
        offset: 0, // server clock minus local clock, in ms
        tz: undefined,
        online: false,
        lastFetch: 0,
        fetching: false,
        pending: false,
        debounce: null,
        ws: null,
        wsRetry: 1000,
        lastNotif: 0,
        rows: new Map(), // order id -> {tr, cells, data, flashUntil}
        workers: new Map(), // user id -> {li, ...}
        sound: root.dataset.sound === "1",
        loaded: false,
    };

    const $ = (sel) => root.querySelector(sel);
    const el = (tag, cls, text) => {
        const node = document.createElement(tag);
        if (cls) {
            node.className = cls;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    };
    const setText = (node, text) => {
        text = text === undefined || text === null ? "" : String(text);
        if (node.textContent !== text) {
            node.textContent = text;
        }
    };
    const parseUTC = (s) => (s ? new Date(s.replace(" ", "T") + "Z").getTime() : null);
    const serverNow = () => Date.now() + state.offset;
    const pad = (n) => String(n).padStart(2, "0");
    const elapsed = (ms) => {
        const s = Math.max(0, Math.floor(ms / 1000));
        const d = Math.floor(s / 86400);
        const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
        return d ? `${d}d ${hms}` : hms;
    };

    // ----------------------------------------------------------------
    // Static parts, built once
    // ----------------------------------------------------------------
    const COUNT_KEYS = ["reported", "accepted", "in_progress", "done", "verified", "open", "overdue", "warning"];
    const counts = {};
    for (const key of COUNT_KEYS) {
        const tile = el("div", `o_rb_tile o_rb_tile_${key}`);
        const value = el("div", "o_rb_tile_value", "0");
        tile.append(value, el("div", "o_rb_tile_label", L[key] || key));
        $(".o_rb_counts").append(tile);
        counts[key] = value;
    }
    const headRow = $(".o_rb_table thead tr");
    for (const key of ["number", "place", "category", "worker", "state", "elapsed", "urged"]) {
        headRow.append(el("th", `o_rb_col_${key}`, L[key] || key));
    }
    const tbody = $(".o_rb_table tbody");
    const listBox = $(".o_rb_orders");
    setText($(".o_rb_empty"), L.none);
    setText($(".o_rb_workers h2"), L.workers);
    setText($(".o_rb_satisfaction h2"), L.satisfaction);
    setText($(".o_rb_trend h2"), L.trend);
    const offlineBadge = $(".o_rb_offline");
    setText(offlineBadge, L.offline);
    const clock = $(".o_rb_clock");
    const workerList = $(".o_rb_workers ul");
    const score = $(".o_rb_score");
    const svg = $(".o_rb_trend svg");
    const SVG_NS = "http://www.w3.org/2000/svg";
    const line = document.createElementNS(SVG_NS, "polyline");
    line.setAttribute("class", "o_rb_line");
    svg.append(line);
    const dots = [];
    for (let i = 0; i < 7; i++) {
        const value = document.createElementNS(SVG_NS, "text");
        value.setAttribute("class", "o_rb_point_value");
        const day = document.createElementNS(SVG_NS, "text");
        day.setAttribute("class", "o_rb_point_day");
        svg.append(value, day);
        dots.push({ value, day });
    }

    // ----------------------------------------------------------------
    // Sound: a short WebAudio beep, only if the board enables it
    // ----------------------------------------------------------------
    let audio = null;
    function beep() {
        if (!state.sound) {
            return;
        }
        try {
            audio = audio || new (window.AudioContext || window.webkitAudioContext)();
            const osc = audio.createOscillator();
            const gain = audio.createGain();
            osc.frequency.value = 880;
            gain.gain.value = 0.15;
            osc.connect(gain).connect(audio.destination);
            osc.start();
            osc.stop(audio.currentTime + 0.25);
        } catch {
            // No audio device: the flash is enough.
        }
    }

    // ----------------------------------------------------------------
    // Rendering, in place
    // ----------------------------------------------------------------
    // The server's _board_sla_status, re-evaluated every second: the order's
    // stored flag, else its stored deadline against the clock.
    function slaOf(order, now) {
        if (order.overdue) {
            return "overdue";
        }
        const deadline = parseUTC(order.deadline);
        if (!deadline) {
            return "ok";
        }
        if (deadline < now) {
            return "overdue";
        }
        return deadline - now <= state.warningMs ? "warning" : "ok";
    }

    function renderOrders(orders) {
        const now = serverNow();
        const seen = new Set();
        let alarm = false;
        for (const order of orders) {
            seen.add(order.id);
            let row = state.rows.get(order.id);
            if (!row) {
                const tr = el("tr", "o_rb_row");
                tr.dataset.id = order.id;
                const cells = {};
                for (const key of ["number", "place", "category", "worker", "state", "elapsed", "urged"]) {
                    cells[key] = el("td", `o_rb_col_${key}`);
                    tr.append(cells[key]);
                }
                row = { tr, cells, data: null, flashUntil: 0, sla: null };
                state.rows.set(order.id, row);
            }
            const previous = row.data;
            if (state.loaded && previous && order.urge_count > previous.urge_count) {
                row.flashUntil = now + FLASH_MS;
                alarm = true;
            }
            if (state.loaded && !previous && order.urge_count) {
                row.flashUntil = now + FLASH_MS;
            }
            row.data = order;
            row.reported = parseUTC(order.date_reported);
            setText(row.cells.number, order.name);
            setText(row.cells.place, order.location ? `${order.zone} · ${order.location}` : order.zone);
            setText(row.cells.category, order.category);
            setText(row.cells.worker, order.worker || L.unassigned);
            setText(row.cells.state, order.state_label);
            setText(row.cells.urged, order.urge_count ? `×${order.urge_count}` : "");
            row.tr.dataset.state = order.state;
            tbody.append(row.tr); // moves the node: the order follows the server's
        }
        for (const [id, row] of state.rows) {
            if (!seen.has(id)) {
                row.tr.remove();
                state.rows.delete(id);
            }
        }
        $(".o_rb_empty").hidden = orders.length > 0;
        if (alarm) {
            beep();
        }
        tick();
    }

    function renderWorkers(workers) {
        const seen = new Set();
        for (const worker of workers) {
            seen.add(worker.id);
            let item = state.workers.get(worker.id);
            if (!item) {
                const li = el("li", "o_rb_worker");
                item = {
                    li,
                    name: el("span", "o_rb_worker_name"),
                    status: el("span", "o_rb_worker_status"),
                    job: el("span", "o_rb_worker_job"),
                    done: el("span", "o_rb_worker_done"),
                };
                li.append(item.name, item.status, item.job, item.done);
                state.workers.set(worker.id, item);
            }
            item.li.dataset.status = worker.status;
            setText(item.name, worker.name);
            setText(item.status, L[worker.status] || worker.status);
            setText(item.job, worker.job);
            setText(item.done, `${L.done_today} ${worker.done_today}`);
            workerList.append(item.li);
        }
        for (const [id, item] of state.workers) {
            if (!seen.has(id)) {
                item.li.remove();
                state.workers.delete(id);
            }
        }
    }

    function renderTrend(trend) {
        const max = Math.max(1, ...trend.map((d) => d.count));
        const points = trend.map((d, i) => {
            const x = 50 + i * 100;
            const y = 150 - (d.count / max) * 110;
            const dot = dots[i];
            dot.value.setAttribute("x", x);
            dot.value.setAttribute("y", y - 10);
            setText(dot.value, d.count);
            dot.day.setAttribute("x", x);
            dot.day.setAttribute("y", 175);
            setText(dot.day, d.day.slice(5));
            return `${x},${y}`;
        });
        line.setAttribute("points", points.join(" "));
    }

    function render(data) {
        state.offset = parseUTC(data.server_time) - Date.now();
        state.tz = data.board.tz;
        state.sound = Boolean(data.board.sound);
        state.warningMs = (data.board.warning_minutes || 0) * 60000;
        const show = data.board.show;
        $(".o_rb_counts").hidden = !show.counts;
        listBox.hidden = !show.orders;
        $(".o_rb_workers").hidden = !show.workers;
        $(".o_rb_satisfaction").hidden = !show.satisfaction;
        $(".o_rb_trend").hidden = !show.trend;
        for (const key of COUNT_KEYS) {
            setText(counts[key], data.counts[key] || 0);
        }
        const sat = data.satisfaction;
        setText(score, sat.average === null ? "—" : `${sat.average.toFixed(1)} / 5 · ${sat.count} ${L.evaluations}`);
        renderOrders(data.orders);
        renderWorkers(data.workers);
        renderTrend(data.trend);
        state.loaded = true;
        root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
    }

    // ----------------------------------------------------------------
    // Data
    // ----------------------------------------------------------------
    async function load() {
        if (state.fetching) {
            state.pending = true;
            return;
        }
        state.fetching = true;
        state.lastFetch = Date.now();
        try {
            const body = new URLSearchParams({ board_id: boardId });
            const response = await fetch("/repair/board/data", {
                method: "POST",
                body,
                credentials: "same-origin",
                cache: "no-store",
            });
            if (response.status === 404) {
                // Revoked token or deleted board: show what the server says.
                window.location.reload();
                return;
            }
            if (response.ok) {
                render(await response.json());
            }
        } catch {
            // Network down: the next tick tries again.
        } finally {
            state.fetching = false;
            if (state.pending) {
                state.pending = false;
                scheduleLoad();
            }
        }
    }

    function scheduleLoad() {
        clearTimeout(state.debounce);
        state.debounce = setTimeout(load, DEBOUNCE_MS + Math.random() * SPREAD_MS);
    }

    // ----------------------------------------------------------------
    // Odoo's bus, over its websocket: the server adds this board's channel
    // to the subscription when the session holds the right to see it.
    // ----------------------------------------------------------------
    function setOnline(online) {
        state.online = online;
        offlineBadge.hidden = online;
        root.classList.toggle("o_rb_is_offline", !online);
        root.classList.toggle("o_rb_is_live", online);
    }

    function connect() {
        const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
        let ws;
        try {
            ws = new WebSocket(`${proto}//${window.location.host}/websocket?version=${encodeURIComponent(wsVersion)}`);
        } catch {
            setOnline(false);
            setTimeout(connect, state.wsRetry);
            return;
        }
        state.ws = ws;
        ws.addEventListener("open", () => {
            ws.send(JSON.stringify({ event_name: "subscribe", data: { channels: [], last: state.lastNotif } }));
            state.wsRetry = 1000;
            setOnline(true);
            // Whatever changed while disconnected.
            scheduleLoad();
        });
        ws.addEventListener("message", (event) => {
            let notifications;
            try {
                notifications = JSON.parse(event.data);
            } catch {
                return;
            }
            let changed = false;
            for (const notif of notifications) {
                state.lastNotif = Math.max(state.lastNotif, notif.id || 0);
                if (notif.message && notif.message.type === "hospital_repair.board/changed") {
                    changed = true;
                }
            }
            if (changed) {
                scheduleLoad();
            }
        });
        ws.addEventListener("close", () => {
            state.ws = null;
            setOnline(false);
            setTimeout(connect, state.wsRetry);
            state.wsRetry = Math.min(state.wsRetry * 2, 60000);
        });
    }

    // ----------------------------------------------------------------
    // The only interval: clock, elapsed times, SLA flashes, scrolling and
    // the fallback refresh.
    // ----------------------------------------------------------------
    const clockFormat = () => {
        const options = {
            timeZone: state.tz,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
            hour12: false,
        };
        try {
            return new Intl.DateTimeFormat(document.documentElement.lang || undefined, options);
        } catch {
            // Unknown language or timezone on this TV: its defaults still tick.
            return new Intl.DateTimeFormat(undefined, { ...options, timeZone: undefined });
        }
    };
    let formatter = null;
    let formatterTz = null;

    function tick() {
        const now = serverNow();
        if (formatterTz !== state.tz) {
            formatter = clockFormat();
            formatterTz = state.tz;
        }
        setText(clock, formatter.format(new Date(now)));
        let overdue = 0;
        let warning = 0;
        let alarm = false;
        for (const row of state.rows.values()) {
            const sla = slaOf(row.data, now);
            if (state.loaded && row.sla && row.sla !== "overdue" && sla === "overdue") {
                row.flashUntil = now + FLASH_MS;
                alarm = true;
            }
            row.sla = sla;
            overdue += sla === "overdue";
            warning += sla === "warning";
            if (row.tr.dataset.sla !== sla) {
                row.tr.dataset.sla = sla;
            }
            row.tr.classList.toggle("o_rb_flash", row.flashUntil > now);
            if (row.reported) {
                setText(row.cells.elapsed, elapsed(now - row.reported));
            }
        }
        if (state.loaded) {
            setText(counts.overdue, overdue);
            setText(counts.warning, warning);
        }
        if (alarm) {
            beep();
        }
    }

    // The top of the list, the late orders, stays in view a while before scrolling.
    const TOP_PAUSE_S = 10;
    let scrollPause = TOP_PAUSE_S;
    function scroll() {
        const max = listBox.scrollHeight - listBox.clientHeight;
        if (max <= 0) {
            return;
        }
        if (scrollPause > 0) {
            scrollPause--;
            return;
        }
        if (listBox.scrollTop >= max - 1) {
            listBox.scrollTop = 0;
            scrollPause = TOP_PAUSE_S;
        } else {
            listBox.scrollTop += Math.max(1, Math.round(listBox.clientHeight / 40));
        }
    }

    setInterval(() => {
        tick();
        scroll();
        const since = Date.now() - state.lastFetch;
        if ((!state.online && since >= FALLBACK_MS) || since >= SAFETY_MS) {
            load();
        }
    }, 1000);

    load();
    if ("WebSocket" in window) {
        connect();
    }
})();
