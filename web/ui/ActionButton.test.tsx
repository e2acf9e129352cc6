import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ActionButton } from './ActionButton';

const noop = () => undefined;

describe('ActionButton', () => {
  it('is a plain secondary button, enabled while nothing runs', () => {
    expect(renderToStaticMarkup(<ActionButton onClick={noop}>Save</ActionButton>)).toBe(
      '<button type="button" class="btn btn--secondary">Save</button>',
    );
  });

  it('is disabled while its work runs, and while what it needs is missing', () => {
    const busy = renderToStaticMarkup(
      <ActionButton variant="primary" small busy onClick={noop}>
        Send
      </ActionButton>,
    );
    expect(busy).toBe('<button type="button" class="btn btn--primary btn--small" disabled="">Send</button>');
    const missing = renderToStaticMarkup(
      <ActionButton variant="danger" busy={false} disabled onClick={noop}>
        Remove
      </ActionButton>,
    );
    expect(missing).toBe('<button type="button" class="btn btn--danger" disabled="">Remove</button>');
  });
});
