/** A tap-to-call link to a phone number as typed (spaces, dots): the `tel:` address keeps digits and + only. */
export function CallLink({
  phone,
  className,
  children,
}: {
  phone: string;
  className?: string;
  children: string;
}) {
  return (
    <a className={className} href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>
      {children}
    </a>
  );
}
