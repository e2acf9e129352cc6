import { orgUnitIdOf } from '../seed/demo';

/** Org units of the demo (server/seed/demo-org-units.ts) that the tests name, by their code. */
export const VN = orgUnitIdOf('VN'); // Việt Nam
export const LA = orgUnitIdOf('LA'); // Lao PDR
export const DN = orgUnitIdOf('VN-DN'); // Đà Nẵng, the province
export const QNA = orgUnitIdOf('VN-QNA'); // Quảng Nam, the other province
export const H01 = orgUnitIdOf('VN-DN-H01'); // provincial hospital (midwife.dn, lead.dn)
export const HC = orgUnitIdOf('VN-DN-HC'); // Hải Châu district
export const HC_H = orgUnitIdOf('VN-DN-HC-H'); // Hải Châu district hospital
export const LC = orgUnitIdOf('VN-DN-LC-H'); // Liên Chiểu district hospital
export const C01 = orgUnitIdOf('VN-DN-HC-C01'); // commune with a PNC worker (pnc.hc1)
export const C02 = orgUnitIdOf('VN-DN-HC-C02'); // commune without a PNC worker
