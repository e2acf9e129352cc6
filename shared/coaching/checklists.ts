import type { CourseModule } from './coaching-values';

/**
 * Skills checklists of Module 2 coaching, as data (issue 15; facts §12.1). The facts sheet verifies the
 * shape of the EENC checklists (breathing-baby path: 5 domains, 24 items; not-breathing-baby path: 7
 * domains) but not the wording of each item [U]: the items below follow the EENC practices of facts §2
 * and the KMC practices of §12.2, and a country replaces them with its own version. A recorded checklist
 * keeps the id and version it was scored on, so a new version never changes old results.
 */
type Text = { en: string; vi: string };
export type ChecklistItem = { code: string; label: Text };
export type ChecklistDomain = { code: string; label: Text; items: ChecklistItem[] };
export type ChecklistDefinition = {
  id: string;
  version: number;
  module: CourseModule;
  name: Text;
  domains: ChecklistDomain[];
};

const t = (en: string, vi: string): Text => ({ en, vi });
const item = (code: string, en: string, vi: string): ChecklistItem => ({ code, label: t(en, vi) });

const BREATHING: ChecklistDefinition = {
  id: 'eenc_breathing',
  version: 1,
  module: 'eenc_routine',
  name: t('EENC: the breathing baby', 'EENC: trẻ tự thở'),
  domains: [
    {
      code: 'prepare',
      label: t('Preparation for the birth', 'Chuẩn bị cho cuộc đẻ'),
      items: [
        item(
          'room_temperature',
          'Checks the room temperature (25–28 °C), no draught',
          'Kiểm tra nhiệt độ phòng (25–28 °C), không có gió lùa',
        ),
        item(
          'hand_hygiene',
          'Washes hands and wears two pairs of sterile gloves',
          'Rửa tay và đeo hai đôi găng vô khuẩn',
        ),
        item(
          'warm_area',
          'Prepares the newborn area: dry cloths, hat, bag and mask checked',
          'Chuẩn bị khu vực cho trẻ: khăn khô, mũ, bóng và mặt nạ đã kiểm tra',
        ),
        item('uterotonic_ready', 'Prepares oxytocin for the mother', 'Chuẩn bị oxytocin cho mẹ'),
      ],
    },
    {
      code: 'dry',
      label: t('Immediate drying', 'Lau khô ngay'),
      items: [
        item('call_time', 'Calls out the time of birth', 'Thông báo thời gian sinh'),
        item(
          'dry_within_5s',
          'Starts drying within 5 seconds of birth',
          'Bắt đầu lau khô trong vòng 5 giây sau sinh',
        ),
        item(
          'dry_thoroughly',
          'Dries thoroughly: eyes, face, head, body, arms, legs, back',
          'Lau khô kỹ: mắt, mặt, đầu, thân, tay, chân, lưng',
        ),
        item('remove_wet_cloth', 'Removes the wet cloth', 'Bỏ khăn ướt'),
        item(
          'check_breathing',
          'Checks breathing while drying; does not suction a breathing baby',
          'Đánh giá nhịp thở trong khi lau; không hút dịch trẻ tự thở',
        ),
      ],
    },
    {
      code: 'skin_to_skin',
      label: t('Skin-to-skin contact', 'Tiếp xúc da kề da'),
      items: [
        item(
          'prone_on_mother',
          'Places the baby prone on the mother’s abdomen or chest',
          'Đặt trẻ nằm sấp trên bụng hoặc ngực mẹ',
        ),
        item(
          'cover_hat',
          'Covers the baby with a dry cloth and puts on a hat',
          'Đắp khăn khô và đội mũ cho trẻ',
        ),
        item(
          'no_separation',
          'Keeps the baby in skin-to-skin contact without separation',
          'Giữ trẻ da kề da liên tục, không tách mẹ con',
        ),
        item(
          'excludes_twin',
          'Palpates the abdomen to exclude a second baby, gives oxytocin within 1 minute',
          'Sờ bụng loại trừ thai thứ hai, tiêm oxytocin trong vòng 1 phút',
        ),
      ],
    },
    {
      code: 'cord',
      label: t('Cord clamping', 'Kẹp dây rốn'),
      items: [
        item('remove_outer_gloves', 'Removes the first pair of gloves', 'Tháo đôi găng thứ nhất'),
        item(
          'wait_pulsation',
          'Clamps only after cord pulsations stop (1–3 minutes)',
          'Chỉ kẹp dây rốn khi ngừng đập (1–3 phút)',
        ),
        item(
          'clamp_cut',
          'Clamps at 2 cm, second clamp at 5 cm, cuts close to the first',
          'Kẹp cách chân rốn 2 cm, kẹp thứ hai ở 5 cm, cắt sát kẹp thứ nhất',
        ),
        item(
          'controlled_traction',
          'Delivers the placenta with controlled cord traction and counter-pressure',
          'Đỡ rau bằng kéo dây rốn có kiểm soát và ấn giữ tử cung',
        ),
        item('uterine_massage', 'Checks the uterus is contracted', 'Kiểm tra co hồi tử cung'),
      ],
    },
    {
      code: 'breastfeeding',
      label: t('Breastfeeding and care after the first feed', 'Bú mẹ và chăm sóc sau bữa bú đầu'),
      items: [
        item('feeding_cues', 'Counsels the mother on feeding cues', 'Tư vấn cho mẹ về dấu hiệu trẻ muốn bú'),
        item(
          'no_interruption',
          'Leaves the baby undisturbed for at least 90 minutes',
          'Không làm gián đoạn ít nhất 90 phút',
        ),
        item('attachment', 'Helps with good position and attachment', 'Hỗ trợ tư thế và ngậm bắt vú đúng'),
        item(
          'eye_vitamin_k',
          'After the first feed: eye care, vitamin K, hepatitis B vaccine',
          'Sau bữa bú đầu: chăm sóc mắt, vitamin K, vắc xin viêm gan B',
        ),
        item(
          'weigh_examine',
          'Weighs and examines the baby after the first feed',
          'Cân và khám trẻ sau bữa bú đầu',
        ),
        item('no_bath', 'Does not bathe the baby in the first 24 hours', 'Không tắm trẻ trong 24 giờ đầu'),
      ],
    },
  ],
};

const NOT_BREATHING: ChecklistDefinition = {
  id: 'eenc_not_breathing',
  version: 1,
  module: 'eenc_routine',
  name: t('EENC: the baby who is not breathing', 'EENC: trẻ không tự thở'),
  domains: [
    {
      code: 'prepare',
      label: t('Preparation', 'Chuẩn bị'),
      items: [
        item(
          'bag_mask_checked',
          'Checks the bag and both mask sizes work',
          'Kiểm tra bóng và hai cỡ mặt nạ hoạt động tốt',
        ),
        item('area_ready', 'Prepares a warm, flat ventilation area', 'Chuẩn bị khu vực hồi sức phẳng, ấm'),
      ],
    },
    {
      code: 'dry',
      label: t('Drying and stimulation', 'Lau khô và kích thích'),
      items: [
        item(
          'dry_stimulate',
          'Dries and stimulates for up to 30 seconds',
          'Lau khô và kích thích tối đa 30 giây',
        ),
        item(
          'recognise',
          'Recognises that the baby is not breathing or gasping',
          'Nhận biết trẻ không thở hoặc thở ngáp',
        ),
      ],
    },
    {
      code: 'airway',
      label: t('Clearing the airway', 'Làm thông đường thở'),
      items: [
        item(
          'suction_if_needed',
          'Clears the airway only if secretions block it',
          'Chỉ hút dịch khi có dịch làm tắc đường thở',
        ),
      ],
    },
    {
      code: 'cord',
      label: t('Cord and moving the baby', 'Dây rốn và chuyển trẻ'),
      items: [
        item('clamp_cut_quickly', 'Clamps and cuts the cord quickly', 'Kẹp và cắt dây rốn nhanh'),
        item(
          'move_to_area',
          'Moves the baby to the ventilation area, keeps warm',
          'Chuyển trẻ đến khu vực hồi sức, giữ ấm',
        ),
      ],
    },
    {
      code: 'ventilate',
      label: t('Bag-and-mask ventilation', 'Thông khí bằng bóng và mặt nạ'),
      items: [
        item('head_position', 'Positions the head slightly extended', 'Đặt đầu hơi ngửa'),
        item(
          'within_golden_minute',
          'Starts ventilation within 1 minute of birth',
          'Bắt đầu thông khí trong vòng 1 phút sau sinh',
        ),
        item(
          'mask_seal',
          'Gets a good mask seal over chin, mouth and nose',
          'Mặt nạ kín chùm cằm, miệng và mũi',
        ),
        item('rate_40', 'Ventilates at 40 breaths a minute', 'Bóp bóng 40 lần mỗi phút'),
      ],
    },
    {
      code: 'chest_rise',
      label: t('Checking the chest rises', 'Kiểm tra lồng ngực phồng'),
      items: [
        item(
          'check_rise',
          'Checks the chest rises; corrects the mask or head if not',
          'Kiểm tra lồng ngực phồng; chỉnh mặt nạ hoặc đầu nếu không',
        ),
        item(
          'call_help',
          'Calls for help if the chest does not rise',
          'Gọi hỗ trợ nếu lồng ngực không phồng',
        ),
      ],
    },
    {
      code: 'after',
      label: t('After ventilation', 'Sau thông khí'),
      items: [
        item(
          'stop_when_breathing',
          'Stops ventilating when the baby breathes, keeps watching',
          'Ngừng bóp bóng khi trẻ tự thở, tiếp tục theo dõi',
        ),
        item(
          'back_skin_to_skin',
          'Returns the baby to skin-to-skin contact',
          'Đặt lại trẻ tiếp xúc da kề da',
        ),
        item('records', 'Records the resuscitation', 'Ghi chép quá trình hồi sức'),
      ],
    },
  ],
};

const KMC: ChecklistDefinition = {
  id: 'kmc',
  version: 1,
  module: 'kmc',
  name: t('Kangaroo mother care', 'Chăm sóc kangaroo'),
  domains: [
    {
      code: 'identify',
      label: t('Identification and start', 'Xác định và bắt đầu'),
      items: [
        item(
          'weigh_identify',
          'Weighs at birth and identifies the small baby',
          'Cân lúc sinh và xác định trẻ nhỏ',
        ),
        item(
          'immediate_start',
          'Starts KMC immediately unless the baby cannot breathe or circulation fails',
          'Bắt đầu kangaroo ngay, trừ khi trẻ không tự thở hoặc suy tuần hoàn',
        ),
      ],
    },
    {
      code: 'position',
      label: t('Kangaroo position', 'Tư thế kangaroo'),
      items: [
        item(
          'upright_chest',
          'Places the baby upright between the breasts, skin to skin',
          'Đặt trẻ thẳng đứng giữa hai bầu vú, da kề da',
        ),
        item(
          'airway_free',
          'Head turned, slightly extended, airway free',
          'Đầu nghiêng, hơi ngửa, đường thở thông',
        ),
        item(
          'secured',
          'Secures the baby with a binder; hat and nappy',
          'Cố định trẻ bằng địu; đội mũ, mặc tã',
        ),
      ],
    },
    {
      code: 'feeding',
      label: t('Feeding', 'Nuôi dưỡng'),
      items: [
        item(
          'breastfeed_support',
          'Supports breastfeeding or expressed milk by cup or tube',
          'Hỗ trợ bú mẹ hoặc sữa vắt qua cốc hoặc sonde',
        ),
        item('feed_plan', 'Feeds every 2–3 hours', 'Cho ăn mỗi 2–3 giờ'),
      ],
    },
    {
      code: 'monitor',
      label: t('Monitoring', 'Theo dõi'),
      items: [
        item(
          'hours',
          'Records hours of skin-to-skin (aim at least 8 a day)',
          'Ghi số giờ da kề da (mục tiêu ít nhất 8 giờ mỗi ngày)',
        ),
        item(
          'temperature_weight',
          'Checks temperature and daily weight',
          'Theo dõi nhiệt độ và cân nặng hằng ngày',
        ),
        item('danger_signs', 'Teaches the mother the danger signs', 'Hướng dẫn mẹ các dấu hiệu nguy hiểm'),
      ],
    },
    {
      code: 'discharge',
      label: t('Discharge and follow-up', 'Ra viện và theo dõi'),
      items: [
        item(
          'criteria',
          'Checks discharge criteria: feeding, weight gain 3 days, temperature stable',
          'Kiểm tra tiêu chuẩn ra viện: bú tốt, tăng cân 3 ngày, nhiệt độ ổn định',
        ),
        item(
          'follow_up_plan',
          'Plans weekly follow-up until graduation',
          'Lập kế hoạch theo dõi hằng tuần đến khi kết thúc',
        ),
      ],
    },
  ],
};

/** Every checklist version ever published (never edit one in place: add a version). */
export const CHECKLISTS: readonly ChecklistDefinition[] = [BREATHING, NOT_BREATHING, KMC];

export const findChecklist = (id: string, version: number): ChecklistDefinition | undefined =>
  CHECKLISTS.find((c) => c.id === id && c.version === version);

/** The latest version of each checklist, for recording. */
export function currentChecklists(): ChecklistDefinition[] {
  const latest = new Map<string, ChecklistDefinition>();
  for (const c of CHECKLISTS) if ((latest.get(c.id)?.version ?? 0) < c.version) latest.set(c.id, c);
  return [...latest.values()];
}
