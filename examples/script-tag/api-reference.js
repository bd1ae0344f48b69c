// A readable page for this server's OpenAPI description (GET /v1/openapi.json), grouped by tag. Everything from
// the description is written with textContent, never as HTML. Tools that read OpenAPI take the JSON itself.

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Text with its `code` spans (the description's Markdown backticks) as <code> elements, never as HTML. */
function prose(tag, text) {
  const node = el(tag);
  const parts = text.split('`');
  for (let index = 0; index < parts.length; index++) {
    node.append(index % 2 === 1 ? el('code', parts[index]) : parts[index]);
  }
  return node;
}

function table(rows, headings) {
  const t = el('table');
  const head = el('tr');
  for (const heading of headings) head.append(el('th', heading));
  t.append(head);
  for (const row of rows) {
    const tr = el('tr');
    for (const cell of row) tr.append(prose('td', cell));
    t.append(tr);
  }
  return t;
}

function schemaBlock(label, schema) {
  const details = el('details');
  details.append(el('summary', label), el('pre', JSON.stringify(schema, null, 2)));
  return details;
}

function operationView(method, path, op) {
  const id = op.operationId;
  const section = el('section', undefined, 'operation');
  section.id = id;
  const title = el('h3');
  title.append(
    el('span', method.toUpperCase(), 'method'),
    el('span', path, 'path'),
    el('span', `— ${op.summary}`),
  );
  section.append(title);
  if (op.description) section.append(prose('p', op.description));
  const who = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
  section.append(el('p', `Authentication: ${who.length > 0 ? who.join(' or ') : 'none'}`));
  if (op.parameters?.length) {
    section.append(
      table(
        op.parameters.map((p) => [
          p.name,
          p.in,
          p.required ? 'required' : 'optional',
          [p.schema?.type, p.schema?.enum?.join(' | '), p.description].filter(Boolean).join(' · '),
        ]),
        ['parameter', 'in', '', 'schema'],
      ),
    );
  }
  if (op.requestBody) {
    for (const [type, media] of Object.entries(op.requestBody.content)) {
      section.append(
        schemaBlock(`Request body (${type}${op.requestBody.required ? ', required' : ''})`, media.schema),
      );
    }
  }
  section.append(
    table(
      Object.entries(op.responses).map(([status, response]) => [status, response.description]),
      ['status', 'answer'],
    ),
  );
  for (const [status, response] of Object.entries(op.responses)) {
    const json = response.content?.['application/json']?.schema;
    if (json && Number(status) < 400) section.append(schemaBlock(`${status} body`, json));
  }
  return section;
}

async function main() {
  const intro = document.getElementById('api-intro');
  const toc = document.getElementById('api-toc');
  const operations = document.getElementById('api-operations');
  try {
    const response = await fetch('/v1/openapi.json');
    if (!response.ok) throw new Error(`GET /v1/openapi.json answered ${response.status}`);
    const spec = await response.json();
    const about = prose(
      'p',
      `${spec.info.title} ${spec.info.version} — OpenAPI ${spec.openapi}. ${spec.info.description}`,
    );
    about.id = 'api-intro';
    intro.replaceWith(about);
    const byTag = new Map();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const tag = op.tags?.[0] ?? 'Other';
        byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
      }
    }
    const list = el('ul');
    for (const [tag, ops] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) {
      const heading = el('h2', tag);
      heading.id = `tag-${tag.toLowerCase().replace(/\W+/g, '-')}`;
      operations.append(heading);
      const item = el('li');
      const link = el('a', `${tag} (${ops.length})`);
      link.href = `#${heading.id}`;
      item.append(link);
      list.append(item);
      for (const { method, path, op } of ops) operations.append(operationView(method, path, op));
    }
    toc.append(list);
  } catch (error) {
    intro.textContent = `Could not load the description: ${error instanceof Error ? error.message : String(error)}`;
  }
}

main();
