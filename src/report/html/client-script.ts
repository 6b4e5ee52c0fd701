import { FIELD } from './findings-data.js';

/**
 * The report's only script, inlined and allowed by its hash. It renders the current page of the
 * findings that match the filters from the JSON data block, and a finding's detail when it is
 * opened. Filtering runs over the data, never the DOM, so 20,000 findings stay responsive. Every
 * value from the scan is written with `textContent`: no markup is ever built from data.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var F = ${JSON.stringify(FIELD)};
  var source = document.getElementById('eg-data');
  var tbody = document.getElementById('rows');
  var filters = document.getElementById('filters');
  if (!source || !tbody || !filters) return;
  var data = JSON.parse(source.textContent || '{}');
  var S = data.strings, C = data.checks, rows = data.findings;
  var selects = Array.prototype.slice.call(filters.querySelectorAll('select[data-filter]'));
  var search = document.getElementById('q');
  var size = document.getElementById('size');
  var shown = document.getElementById('shown');
  var pager = document.getElementById('pager');
  var pageText = document.getElementById('page');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var haystacks = new Array(rows.length);
  var matches = [];
  var page = 0;

  function text(row, field) {
    var id = row[field];
    return id === undefined || id < 0 ? '' : S[id];
  }
  function valueOf(row, key) {
    if (key === 's') return data.severities[row[F.severity]];
    if (key === 'a') return C[row[F.check]][1];
    if (key === 't') return data.statuses[row[F.status]];
    if (key === 'n') return text(row, F.namespace);
    return String(row[F.check]);
  }
  function haystack(index) {
    if (haystacks[index] === undefined) {
      var row = rows[index];
      haystacks[index] = [C[row[F.check]][0], text(row, F.resource), text(row, F.location), text(row, F.message),
        text(row, F.path)].join('\\n').toLowerCase();
    }
    return haystacks[index];
  }
  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function cell(tr, content) {
    var td = tr.insertCell();
    if (typeof content === 'string') td.textContent = content; else td.appendChild(content);
    return td;
  }
  function pair(list, term, value) {
    list.appendChild(element('dt', '', term));
    var dd = list.appendChild(element('dd'));
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
  }
  function detail(row) {
    var list = element('dl');
    var status = data.statuses[row[F.status]];
    if (status !== 'fail') pair(list, 'Status', status);
    if (row[F.path] >= 0) pair(list, 'Evidence', element('code', '', text(row, F.path)));
    pair(list, 'Location', text(row, F.location) || 'not in a scanned file');
    if (row[F.waiver] >= 0) pair(list, 'Waived', text(row, F.waiver));
    pair(list, 'Remediation', row[F.remediation] >= 0 ? text(row, F.remediation) : C[row[F.check]][2]);
    if (row[F.fixKind] > 0) {
      var fix = element('div', '', text(row, F.fixDescription));
      fix.appendChild(element('pre', '', text(row, F.fixOperations)));
      pair(list, row[F.fixKind] === 1 ? 'Fix (JSON patch)' : 'Suggested fix (choose the values)', fix);
    }
    if (row[F.attackPaths] >= 0) pair(list, 'On attack paths', text(row, F.attackPaths));
    return list;
  }
  function rowElement(index) {
    var row = rows[index];
    var tr = document.createElement('tr');
    var severity = data.severities[row[F.severity]];
    var first = cell(tr, element('span', 'sev sev-' + severity, severity));
    if (row[F.risk] >= 0) first.appendChild(element('div', 'muted', 'risk ' + row[F.risk]));
    var link = element('a', '', C[row[F.check]][0]);
    link.href = '#k' + row[F.check];
    cell(tr, link);
    cell(tr, text(row, F.resource));
    cell(tr, text(row, F.location));
    var details = element('details');
    details.appendChild(element('summary', '', text(row, F.message)));
    details.addEventListener('toggle', function () {
      if (details.open && details.childElementCount === 1) details.appendChild(detail(row));
    });
    cell(tr, details);
    return tr;
  }
  function render() {
    var perPage = Number(size.value) || matches.length || 1;
    var pages = Math.max(1, Math.ceil(matches.length / perPage));
    if (page >= pages) page = pages - 1;
    var start = page * perPage;
    var end = Math.min(matches.length, start + perPage);
    var fragment = document.createDocumentFragment();
    for (var i = start; i < end; i++) fragment.appendChild(rowElement(matches[i]));
    tbody.replaceChildren(fragment);
    shown.textContent = matches.length + ' of ' + rows.length + ' findings';
    pager.hidden = pages === 1;
    pageText.textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + (matches.length === 0 ? 0 : start + 1) + '–' + end + ')';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  function apply() {
    var wanted = selects.filter(function (select) { return select.value !== ''; });
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    matches = [];
    for (var i = 0; i < rows.length; i++) {
      var keep = true;
      for (var j = 0; j < wanted.length && keep; j++) keep = valueOf(rows[i], wanted[j].getAttribute('data-filter')) === wanted[j].value;
      for (var k = 0; k < terms.length && keep; k++) keep = haystack(i).indexOf(terms[k]) !== -1;
      if (keep) matches.push(i);
    }
    page = 0;
    render();
  }

  var timer = 0;
  selects.forEach(function (select) { select.addEventListener('change', apply); });
  size.addEventListener('change', render);
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  prev.addEventListener('click', function () { page--; render(); });
  next.addEventListener('click', function () { page++; render(); });
  filters.hidden = false;
  apply();
})();
`;
