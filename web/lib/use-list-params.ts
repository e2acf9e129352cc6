import { useSearchParams } from 'react-router';

/**
 * A list page's filters kept in the address (`?unit=…&tab=…`), so that a reload or a shared link shows
 * the same list: the area (else `defaultUnit`), the raw parameters, and `set` (an empty value removes
 * the parameter; the history entry is replaced, not added).
 */
export function useListParams(defaultUnit: string) {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { params, unit: params.get('unit') ?? defaultUnit, set };
}
