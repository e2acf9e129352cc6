import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';
import { PageHeader } from './PageHeader';

type Row = { id: string; name: string; births: number };
const rows: Row[] = [
  { id: 'a', name: 'Hospital A', births: 12 },
  { id: 'b', name: 'Hospital B', births: 3 },
];

describe('DataTable', () => {
  it('draws column headers, a row header cell and classed cells inside the scrolling wrapper', () => {
    const html = renderToStaticMarkup(
      <DataTable
        className="births"
        rows={rows}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ className: r.births < 5 ? 'row--low' : undefined, 'data-id': r.id })}
        columns={[
          { header: 'Facility', isRowHeader: true, cell: (r) => r.name },
          { header: 'Births', className: 'num', cell: (r) => r.births },
          { header: null, cellClassName: 'muted', cell: (r) => r.id },
        ]}
      >
        <p>note</p>
      </DataTable>,
    );
    expect(html).toBe(
      '<div class="table-wrap" tabindex="0"><table class="table births"><thead><tr>' +
        '<th scope="col">Facility</th><th scope="col" class="num">Births</th><th scope="col"></th>' +
        '</tr></thead><tbody>' +
        '<tr data-id="a"><th scope="row">Hospital A</th><td class="num">12</td><td class="muted">a</td></tr>' +
        '<tr class="row--low" data-id="b"><th scope="row">Hospital B</th><td class="num">3</td><td class="muted">b</td></tr>' +
        '</tbody></table><p>note</p></div>',
    );
  });

  it('labels each cell with its header for the card layout of phones', () => {
    const html = renderToStaticMarkup(
      <DataTable
        cards
        rows={rows.slice(0, 1)}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Facility', isRowHeader: true, cell: (r) => r.name },
          { header: <abbr title="Births">B</abbr>, label: 'Births', cell: (r) => r.births },
        ]}
      />,
    );
    expect(html).toContain('<table class="table table--cards">');
    expect(html).toContain(
      '<th scope="row" data-label="Facility">Hospital A</th><td data-label="Births">12</td>',
    );
  });

  it('leaves out the wrapper when the table should not scroll on its own', () => {
    const html = renderToStaticMarkup(
      <DataTable
        scroll={false}
        rows={[]}
        rowKey={(r: Row) => r.id}
        columns={[{ header: 'Facility', cell: (r) => r.name }]}
      />,
    );
    expect(html).toBe(
      '<table class="table"><thead><tr><th scope="col">Facility</th></tr></thead><tbody></tbody></table>',
    );
  });
});

describe('PageHeader', () => {
  it('puts the title in the one h1, the intro under it and the actions beside it', () => {
    const html = renderToStaticMarkup(
      <PageHeader title="Users" intro="Accounts in your area">
        <button type="button">New user</button>
      </PageHeader>,
    );
    expect(html).toBe(
      '<div class="page__header"><div><h1>Users</h1><p class="muted">Accounts in your area</p></div>' +
        '<button type="button">New user</button></div>',
    );
  });

  it('has no intro paragraph when none is given', () => {
    expect(renderToStaticMarkup(<PageHeader title="Users" />)).toBe(
      '<div class="page__header"><div><h1>Users</h1></div></div>',
    );
  });
});
