/// The page `symdiff serve` shows: one HTML document, its script and its style, kept in the
/// binary. The script uses no framework; it calls the API for everything it shows and reads the
/// command table from `/api/commands`, so a new command appears with no page code of its own.
enum Page {
    /// The document, loading the typesetting library found on this machine.
    static func html(math: MathAssets.Library) -> String {
        let mathTags: String
        switch math {
        case .katex: mathTags = #"<link rel="stylesheet" href="/math/katex.min.css"><script src="/math/katex.min.js"></script>"#
        case .mathjax: mathTags = #"<script src="/math/MathJax.js?config=TeX-AMS_CHTML"></script>"#
        case .none: mathTags = ""
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>symdiff</title>
        <link rel="stylesheet" href="/page.css">
        \(mathTags)
        <script src="/page.js" defer></script>
        </head>
        <body data-math="\(math.rawValue)">
        <header><h1>symdiff</h1><span class="tagline">derivatives, their steps, plots and code</span></header>
        <main>
        <section id="input">
          <label class="expression">f = <input id="expr" spellcheck="false" autocomplete="off" placeholder="x^2 + sin(x)" aria-describedby="diagnostic"></label>
          <label>with respect to <input id="wrt" size="4" spellcheck="false" placeholder="x"></label>
          <label>order <input id="order" type="number" min="1" max="20" value="1"></label>
          <pre id="source" aria-hidden="true"></pre>
          <pre id="diagnostic" role="alert"></pre>
        </section>
        <section id="result" hidden>
          <h2>Derivative</h2>
          <div id="typeset" class="math"></div>
          <div class="plain"><code id="plain"></code> <button class="copy" data-copy="plain">copy</button></div>
          <pre id="notes"></pre>
        </section>
        <section id="steps-section" hidden>
          <details id="steps-details" open><summary>Steps</summary><ol id="steps"></ol><ul id="stages"></ul></details>
        </section>
        <section id="plot-section" hidden>
          <h2>Plot of f and f′</h2>
          <div class="plot-tools">range <input id="range" size="10" value="-5:5">
            <button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button>
            <span class="hint">click the plot for the tangent there</span></div>
          <div id="plot"></div>
        </section>
        <section id="code-section" hidden>
          <h2>Code</h2>
          <div id="code-tabs" role="tablist"></div>
          <pre id="code"></pre>
          <button class="copy" data-copy="code">copy</button>
        </section>
        <section id="more">
          <h2>Every command</h2>
          <p>Any command of the command line, with its arguments as you would type them after its name.</p>
          <div class="command-line">symdiff <select id="command"></select> <input id="args" spellcheck="false" size="50"></div>
          <p id="command-help"></p>
          <div id="command-output"></div>
        </section>
        </main>
        <noscript>This page needs JavaScript to call symdiff; the command line does the same: symdiff help.</noscript>
        </body>
        </html>
        """
    }

    /// The page's style.
    static let style = """
    body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 0 1rem 3rem; color: #222; }
    header { display: flex; align-items: baseline; gap: 1rem; }
    h1 { font-size: 1.6rem; margin: 1rem 0 .5rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
    .tagline { color: #666; }
    section#input { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
    label.expression { flex: 1 1 100%; display: flex; gap: .5rem; align-items: center; font-size: 1.2rem; }
    input { font: inherit; font-family: ui-monospace, monospace; padding: .3rem .4rem; }
    #expr { flex: 1; }
    #order { width: 4rem; }
    pre { margin: .2rem 0; white-space: pre-wrap; }
    #source { flex: 1 1 100%; font-family: ui-monospace, monospace; margin: 0; }
    #source mark { background: #fdd; color: #a00; border-bottom: 2px solid #c00; }
    #diagnostic { flex: 1 1 100%; color: #a00; font-family: ui-monospace, monospace; }
    .math { font-size: 1.3rem; overflow-x: auto; padding: .3rem 0; }
    .plain code, #code { font-family: ui-monospace, monospace; }
    #notes { color: #666; }
    #steps li, #stages li { margin: .4rem 0; }
    #stages { list-style: none; padding-left: 2.5rem; }
    .rule { color: #555; font-size: .9rem; margin-left: .5rem; }
    #plot svg { width: 100%; height: auto; cursor: crosshair; }
    .plot-tools { display: flex; gap: .5rem; align-items: center; }
    .hint { color: #666; font-size: .9rem; }
    #code-tabs button { font: inherit; border: 1px solid #bbb; background: #f4f4f4; padding: .2rem .7rem; cursor: pointer; }
    #code-tabs button[aria-selected="true"] { background: #fff; border-bottom-color: #fff; font-weight: bold; }
    #code { border: 1px solid #bbb; padding: .6rem; max-height: 28rem; overflow: auto; background: #fafafa; }
    button.copy { font-size: .8rem; }
    .command-line { font-family: ui-monospace, monospace; display: flex; gap: .5rem; align-items: center; }
    #command-output pre { border-left: 3px solid #ccc; padding-left: .6rem; }
    #command-output .error { color: #a00; }
    """

    /// The page's script.
    static let script = #"""
    'use strict';
    const $ = (id) => document.getElementById(id);
    const mathLibrary = document.body.dataset.math;
    let commands = [];
    let codeLanguages = [];
    let currentLanguage = 'c';
    let tangentAt = null;
    let pending = 0;

    // Calls one command of the table with the words after its name.
    // A request names its slot on the page: a newer one in the same slot stops the older one.
    async function call(command, args, slot) {
      const headers = { 'Content-Type': 'application/json' };
      if (slot) headers['X-Request-Slot'] = slot;
      const response = await fetch('/api/' + encodeURIComponent(command), {
        method: 'POST', headers, body: JSON.stringify({ args }) });
      return response.json();
    }

    function typeset(element, latex, display) {
      if (mathLibrary === 'katex' && window.katex) {
        try { katex.render(latex, element, { displayMode: display, throwOnError: false }); return; } catch (e) {}
      }
      if (mathLibrary === 'mathjax' && window.MathJax) {
        element.textContent = display ? '\\[' + latex + '\\]' : '\\(' + latex + '\\)';
        MathJax.Hub.Queue(['Typeset', MathJax.Hub, element]);
        return;
      }
      element.textContent = latex;
    }

    function escapeHTML(text) {
      return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
    }

    // The expression with the character a diagnostic points at highlighted.
    function showSource(expr, column) {
      if (!column) { $('source').textContent = ''; return; }
      const i = Math.min(column - 1, expr.length);
      $('source').innerHTML = escapeHTML(expr.slice(0, i)) + '<mark>' + escapeHTML(expr.slice(i, i + 1) || ' ') + '</mark>' + escapeHTML(expr.slice(i + 1));
    }

    function derivativeArgs() {
      const args = [$('expr').value];
      const wrt = $('wrt').value.trim();
      if (wrt) args.push('--wrt', wrt);
      const order = $('order').value.trim();
      if (order && order !== '1') args.push('--order', order);
      return args;
    }

    function saveToURL() {
      const params = new URLSearchParams();
      params.set('f', $('expr').value);
      if ($('wrt').value.trim()) params.set('wrt', $('wrt').value.trim());
      if ($('order').value !== '1') params.set('order', $('order').value);
      if ($('range').value !== '-5:5') params.set('range', $('range').value);
      if (currentLanguage !== 'c') params.set('lang', currentLanguage);
      history.replaceState(null, '', '#' + params.toString());
    }

    function loadFromURL() {
      const params = new URLSearchParams(location.hash.slice(1));
      $('expr').value = params.get('f') || 'x^2*sin(x)';
      $('wrt').value = params.get('wrt') || '';
      $('order').value = params.get('order') || '1';
      $('range').value = params.get('range') || '-5:5';
      currentLanguage = params.get('lang') || 'c';
    }

    async function update() {
      const ticket = ++pending;
      saveToURL();
      const expr = $('expr').value;
      if (!expr.trim()) { $('diagnostic').textContent = ''; showSource('', null); return; }
      const args = derivativeArgs();
      const [latex, text] = await Promise.all([call('diff', args.concat(['--format', 'latex']), 'latex'), call('diff', args, 'text')]);
      if (ticket !== pending) return;
      if (!text.ok) {
        $('diagnostic').textContent = text.error || 'error';
        showSource(expr, text.column);
        return;
      }
      $('diagnostic').textContent = '';
      showSource(expr, null);
      $('result').hidden = false;
      typeset($('typeset'), latex.ok ? latex.output : text.output, true);
      $('plain').textContent = text.output;
      $('notes').textContent = (text.notes || []).join('\n');
      updateSteps(args, ticket);
      updatePlot(ticket);
      updateCode(ticket);
    }

    async function updateSteps(args, ticket) {
      const answer = await call('steps', args.concat(['--format', 'json']), 'steps');
      if (ticket !== pending) return;
      $('steps-section').hidden = !answer.ok;
      if (!answer.ok) return;
      const steps = JSON.parse(answer.output);
      const list = $('steps');
      list.innerHTML = '';
      const visit = (node) => {
        if (!node) return;
        (node.parts || []).forEach(visit);
        const item = document.createElement('li');
        const formula = document.createElement('span');
        typeset(formula, '\\frac{d}{d' + steps.variable + '}\\left(' + node.expression.latex + '\\right) = ' + node.derivative.latex, false);
        const rule = document.createElement('span');
        rule.className = 'rule';
        rule.textContent = node.rule + (node.statement ? ': ' + node.statement : '');
        item.append(formula, rule);
        list.append(item);
      };
      visit(steps.derivation);
      const stages = $('stages');
      stages.innerHTML = '';
      for (const stage of steps.simplification || []) {
        const item = document.createElement('li');
        const formula = document.createElement('span');
        typeset(formula, '= ' + stage.expression.latex, false);
        const rule = document.createElement('span');
        rule.className = 'rule';
        rule.textContent = stage.name + ': ' + stage.summary;
        item.append(formula, rule);
        stages.append(item);
      }
    }

    async function updatePlot(ticket) {
      const args = [$('expr').value, '--derivatives', '1', '--range', $('range').value];
      if ($('wrt').value.trim()) args.push('--wrt', $('wrt').value.trim());
      if (tangentAt !== null) args.push('--tangent-at', String(tangentAt));
      const answer = await call('plot', args, 'plot');
      if (ticket !== pending) return;
      $('plot-section').hidden = !answer.ok;
      if (answer.ok && answer.svg) $('plot').innerHTML = answer.svg;
    }

    async function updateCode(ticket) {
      const args = [$('expr').value, '--lang', currentLanguage, '--grad'];
      const answer = await call('emit', args, 'code');
      if (ticket !== pending) return;
      $('code-section').hidden = !answer.ok;
      $('code').textContent = answer.ok ? answer.output : '';
      for (const button of $('code-tabs').children) button.setAttribute('aria-selected', String(button.dataset.lang === currentLanguage));
    }

    function rangeBounds() {
      const parts = $('range').value.split(':').map(Number);
      return parts.length === 2 && parts.every(Number.isFinite) && parts[0] < parts[1] ? parts : [-5, 5];
    }

    function zoom(factor) {
      const [lo, hi] = rangeBounds();
      const mid = (lo + hi) / 2, half = (hi - lo) / 2 * factor;
      const round = (v) => Number(v.toPrecision(4));
      $('range').value = round(mid - half) + ':' + round(mid + half);
      update();
    }

    // A click on the plot area: the tangent at that x (the plot area is the SVG's clip rectangle).
    function plotClicked(event) {
      const svg = $('plot').querySelector('svg');
      const area = svg && svg.querySelector('clipPath rect');
      if (!area) return;
      const point = svg.createSVGPoint();
      point.x = event.clientX; point.y = event.clientY;
      const local = point.matrixTransform(svg.getScreenCTM().inverse());
      const x0 = Number(area.getAttribute('x')), width = Number(area.getAttribute('width'));
      const t = (local.x - x0) / width;
      if (t < 0 || t > 1) return;
      const [lo, hi] = rangeBounds();
      tangentAt = Number((lo + t * (hi - lo)).toPrecision(4));
      update();
    }

    async function runCommand() {
      const name = $('command').value;
      const spec = commands.find((c) => c.name === name);
      $('command-help').textContent = spec ? spec.summary : '';
      const args = splitWords($('args').value);
      const out = $('command-output');
      const answer = await call(name, args);
      out.innerHTML = '';
      if (answer.svg) { out.innerHTML = answer.svg; return; }
      const pre = document.createElement('pre');
      pre.textContent = answer.ok ? answer.output : answer.error;
      if (!answer.ok) pre.className = 'error';
      out.append(pre);
      if (answer.ok && args.includes('latex')) { const div = document.createElement('div'); div.className = 'math'; typeset(div, answer.output, true); out.append(div); }
      if ((answer.notes || []).length) { const notes = document.createElement('pre'); notes.textContent = answer.notes.join('\n'); out.append(notes); }
    }

    // Words as a shell would split them: quotes group, backslashes escape.
    function splitWords(text) {
      const words = []; let word = null, quote = null;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) { if (c === quote) quote = null; else word += c; continue; }
        if (c === '"' || c === "'") { quote = c; word = word ?? ''; continue; }
        if (c === '\\' && i + 1 < text.length) { word = (word ?? '') + text[++i]; continue; }
        if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
        word = (word ?? '') + c;
      }
      if (word !== null) words.push(word);
      return words;
    }

    function shellQuote(word) { return /^[\w.,:=+\-\/^*]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'"; }

    async function loadCommands() {
      const catalog = await (await fetch('/api/commands')).json();
      commands = catalog.commands;
      for (const c of commands) {
        const option = document.createElement('option');
        option.value = c.name; option.textContent = c.name; option.title = c.summary;
        $('command').append(option);
      }
      const emit = commands.find((c) => c.name === 'emit');
      const lang = emit && emit.parameters.find((p) => p.option === '--lang');
      codeLanguages = lang ? lang.valueName.split('|') : ['c'];
      for (const l of codeLanguages) {
        const button = document.createElement('button');
        button.dataset.lang = l; button.textContent = l; button.setAttribute('role', 'tab');
        button.addEventListener('click', () => { currentLanguage = l; saveToURL(); updateCode(pending); });
        $('code-tabs').append(button);
      }
      const showExample = () => {
        const spec = commands.find((c) => c.name === $('command').value);
        $('command-help').textContent = spec ? spec.summary : '';
        if (spec && spec.examples.length) $('args').value = spec.examples[0].map(shellQuote).join(' ');
      };
      $('command').addEventListener('change', () => { showExample(); runCommand(); });
      showExample();
    }

    function debounce(f, ms) { let t; return () => { clearTimeout(t); t = setTimeout(f, ms); }; }

    document.addEventListener('DOMContentLoaded', async () => {
      loadFromURL();
      const later = debounce(() => { tangentAt = null; update(); }, 250);
      for (const id of ['expr', 'wrt', 'order']) $(id).addEventListener('input', later);
      $('range').addEventListener('change', update);
      $('zoom-in').addEventListener('click', () => zoom(0.5));
      $('zoom-out').addEventListener('click', () => zoom(2));
      $('plot').addEventListener('click', plotClicked);
      $('args').addEventListener('keydown', (e) => { if (e.key === 'Enter') runCommand(); });
      for (const button of document.querySelectorAll('button.copy')) {
        button.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText($(button.dataset.copy).textContent));
      }
      await loadCommands();
      update();
    });
    """#
}
