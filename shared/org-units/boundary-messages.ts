/** Messages of the boundary import (docs/boundaries.md), translated by the server for its answers. */
export const boundaryMessagesEn = {
  'boundaries.badJson': 'The file is not valid JSON: {detail}',
  'boundaries.notFeatureCollection':
    'The file is not a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and a "features" list).',
  'boundaries.noFeatures': 'The file has no features.',
  'boundaries.tooManyFeatures': 'The file has more than {max} features; import one level at a time.',
  'boundaries.notFeature': 'Not a GeoJSON Feature.',
  'boundaries.geometryType': 'The geometry is a {type}; only Polygon and MultiPolygon can be a boundary.',
  'boundaries.badGeometry':
    'The geometry is not a valid GeoJSON Polygon or MultiPolygon in longitude and latitude: {detail}',
  'boundaries.shortRing': 'The shape has a ring of fewer than four positions.',
  'boundaries.openRing': 'The shape has a ring that does not end where it starts.',
  'boundaries.noKey': 'The feature has no "{property}" to find its org unit by.',
  'boundaries.unknownUnit': 'No org unit matches {property} "{value}".',
  'boundaries.ambiguousName': '{count} org units are named "{value}"; match by code or DHIS2 id instead.',
  'boundaries.outOfScope': 'Org unit {name} is outside your area.',
  'boundaries.duplicate': 'Org unit {name} already has a shape earlier in this file (feature {first}).',
  'boundaries.tooLarge':
    'The shape of {name} is {kb} KB after simplification, over the limit of {max} KB. Simplify it (e.g. mapshaper) and try again.',
} as const;

export const boundaryMessagesVi: Record<keyof typeof boundaryMessagesEn, string> = {
  'boundaries.badJson': 'Tệp không phải JSON hợp lệ: {detail}',
  'boundaries.notFeatureCollection':
    'Tệp không phải GeoJSON FeatureCollection (một đối tượng có "type": "FeatureCollection" và danh sách "features").',
  'boundaries.noFeatures': 'Tệp không có đối tượng (feature) nào.',
  'boundaries.tooManyFeatures': 'Tệp có hơn {max} đối tượng; hãy nhập từng cấp một.',
  'boundaries.notFeature': 'Không phải một GeoJSON Feature.',
  'boundaries.geometryType': 'Hình là {type}; chỉ Polygon và MultiPolygon mới làm ranh giới được.',
  'boundaries.badGeometry':
    'Hình không phải GeoJSON Polygon hoặc MultiPolygon hợp lệ theo kinh độ và vĩ độ: {detail}',
  'boundaries.shortRing': 'Hình có một vòng ít hơn bốn điểm.',
  'boundaries.openRing': 'Hình có một vòng không kết thúc tại điểm bắt đầu.',
  'boundaries.noKey': 'Đối tượng không có "{property}" để tìm đơn vị.',
  'boundaries.unknownUnit': 'Không có đơn vị nào khớp {property} "{value}".',
  'boundaries.ambiguousName': 'Có {count} đơn vị tên "{value}"; hãy ghép theo mã hoặc mã DHIS2.',
  'boundaries.outOfScope': 'Đơn vị {name} nằm ngoài khu vực của bạn.',
  'boundaries.duplicate': 'Đơn vị {name} đã có hình ở đối tượng {first} trước đó trong tệp.',
  'boundaries.tooLarge':
    'Hình của {name} sau khi đơn giản hóa là {kb} KB, vượt giới hạn {max} KB. Hãy đơn giản hóa (ví dụ bằng mapshaper) rồi thử lại.',
};
