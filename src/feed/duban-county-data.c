/* duban-county-data.c — the fixed tables behind the demo county
 *
 * The divisions and their codes are Jinxiang's real ones; village names,
 * grid counts per town and the tickets are invented but plausible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "duban-county-data"

#include "config.h"

#include <glib/gi18n.h>

#include "duban-county-data.h"

/* Villages and grids: the subdistricts hold the town's communities, many
 * grids each on a small area; the towns are mostly villages of one or
 * two grids. The seats are approximate; the outlines are synthetic. */
const DubanTownInfo duban_county_towns[13] = {
  { "370828001", "金乡街道", TRUE,  38, 120,  30, 116.312, 35.072 },
  { "370828002", "高河街道", TRUE,  40,  80,  48, 116.352, 35.078 },
  { "370828003", "鱼山街道", TRUE,  42,  80,  50, 116.282, 35.046 },
  { "370828004", "王丕街道", TRUE,  45,  70,  55, 116.305, 35.112 },
  { "370828101", "羊山镇",   FALSE, 55,  58,  80, 116.200, 34.985 },
  { "370828102", "胡集镇",   FALSE, 52,  55,  76, 116.228, 35.150 },
  { "370828103", "霄云镇",   FALSE, 50,  53,  72, 116.425, 35.128 },
  { "370828104", "鸡黍镇",   FALSE, 48,  51,  70, 116.440, 35.030 },
  { "370828107", "司马镇",   FALSE, 46,  49,  68, 116.185, 35.080 },
  { "370828109", "马庙镇",   FALSE, 52,  55,  75, 116.270, 34.930 },
  { "370828110", "化雨镇",   FALSE, 54,  57,  78, 116.360, 34.950 },
  { "370828111", "卜集镇",   FALSE, 50,  53,  72, 116.430, 34.930 },
  { "370828112", "兴隆镇",   FALSE, 67,  72,  94, 116.320, 35.190 },
};

const DubanUnitInfo duban_county_departments[] = {
  { "water",     "370828D01", "县水务局",                   DUBAN_UNIT_DEPARTMENT },
  { "power",     "370828E01", "国网金乡县供电公司",         DUBAN_UNIT_ENTERPRISE },
  { "housing",   "370828D02", "县住建局",                   DUBAN_UNIT_DEPARTMENT },
  { "urban",     "370828D03", "县综合行政执法局（城管）",     DUBAN_UNIT_DEPARTMENT },
  { "labour",    "370828D04", "县人社局",                   DUBAN_UNIT_DEPARTMENT },
  { "farming",   "370828D05", "县农业农村局",               DUBAN_UNIT_DEPARTMENT },
  { "market",    "370828D06", "县市场监管局",               DUBAN_UNIT_DEPARTMENT },
  { "education", "370828D07", "县教体局",                   DUBAN_UNIT_DEPARTMENT },
  { "health",    "370828D08", "县卫健局",                   DUBAN_UNIT_DEPARTMENT },
  { "ecology",   "370828D09", "市生态环境局金乡县分局",     DUBAN_UNIT_DEPARTMENT },
  { "police",    "370828D10", "县公安局",                   DUBAN_UNIT_DEPARTMENT },
  { "transport", "370828D11", "县交通运输局",               DUBAN_UNIT_DEPARTMENT },
  { "commerce",  "370828D12", "县商务局",                   DUBAN_UNIT_DEPARTMENT },
  { "gas",       "370828E02", "金乡县华润燃气有限公司",     DUBAN_UNIT_ENTERPRISE },
};
const guint duban_county_n_departments = G_N_ELEMENTS (duban_county_departments);

#define C DUBAN_KIND_COMPLAINT
#define H DUBAN_KIND_HELP
#define Q DUBAN_KIND_CONSULTATION
#define R DUBAN_KIND_REPORT
#define S DUBAN_KIND_SUGGESTION

const DubanTicketTemplate duban_county_templates[] = {
  /* 供水 */
  { "供水", H, "{村}停水两天仍未恢复", "家里从前天开始停水，打了几次电话都说在修，老人孩子吃水困难，请尽快恢复供水。", "water", 6, TRUE, FALSE },
  { "供水", C, "{村}自来水发黄有异味", "这几天水龙头放出来的水发黄，有股铁锈味，不敢喝，希望查一下管网。", "water", 4, FALSE, FALSE },
  { "供水", H, "{村}主街供水管道破裂漏水", "主街路口地下水管爆了，水流到路上，已经漏了一上午，请派人维修。", "water", 3, TRUE, FALSE },
  { "供水", C, "{村}水压太低楼上用不上水", "每天早晚用水高峰三楼以上就没水，热水器也打不着火。", "water", 3, FALSE, FALSE },
  { "供水", Q, "咨询{镇}农村供水水费标准", "想问一下村里自来水现在每吨多少钱，是按月收还是按季度收。", "water", 2, FALSE, FALSE },
  /* 供电 */
  { "供电", H, "{村}突然停电至今未恢复", "昨晚十点左右全村停电，到现在还没来电，冰箱里的东西都坏了。", "power", 6, TRUE, FALSE },
  { "供电", C, "{村}电压不稳经常跳闸", "一到晚上电压就低，空调开不开，一天跳闸好几次。", "power", 4, FALSE, FALSE },
  { "供电", R, "{村}路边电线杆倾斜存在安全隐患", "路边一根电线杆歪得厉害，电线垂得很低，小孩上学从这里过，很危险。", "power", 3, TRUE, FALSE },
  { "供电", H, "{镇}大蒜冷库用电增容申请迟迟未批", "冷库要扩建，申请变压器增容一个多月了没有回音，眼看就要入库了。", "power", 2, FALSE, TRUE },
  /* 道路交通 */
  { "道路交通", C, "{村}村内道路坑洼积水难以通行", "村里主路坑坑洼洼，一下雨就积水，电动车过不去，希望修一修。", "transport", 5, FALSE, FALSE },
  { "道路交通", R, "{村}路口红绿灯故障", "路口红绿灯一直闪黄灯，早晚高峰很乱，差点撞车。", "police", 3, TRUE, FALSE },
  { "道路交通", S, "建议在{村}学校门口增设减速带", "学校门口车速太快，接送孩子很不安全，建议加装减速带和警示牌。", "transport", 3, FALSE, FALSE },
  { "道路交通", C, "{村}运蒜货车占道停放堵塞交通", "收蒜季节大货车沿路乱停，路被堵死，救护车都进不来。", "police", 3, FALSE, TRUE },
  { "道路交通", H, "{村}路灯不亮夜间出行不便", "村东头一排路灯坏了半个多月，晚上一片漆黑。", DUBAN_UNIT_KEY_TOWN, 4, FALSE, FALSE },
  /* 环境卫生 */
  { "环境卫生", C, "{村}垃圾堆放多日无人清运", "村口垃圾池满了一个星期没人拉，天热了臭味很大，招苍蝇。", DUBAN_UNIT_KEY_TOWN, 6, FALSE, FALSE },
  { "环境卫生", R, "{村}附近有人焚烧垃圾和秸秆", "傍晚有人在地头烧垃圾和秸秆，烟很大，呛得人睁不开眼。", "ecology", 3, TRUE, FALSE },
  { "环境卫生", C, "{村}蒜皮加工厂污水直排", "附近蒜皮加工厂晚上往沟里排污水，沟水发黑发臭。", "ecology", 3, FALSE, TRUE },
  { "环境卫生", C, "{村}门口占道经营噪音扰民", "门口夜市摊点占道经营，每天闹到凌晨一两点，无法休息。", "urban", 4, FALSE, FALSE },
  { "环境卫生", R, "{村}路边违规搭建棚子", "路边有人私搭乱建铁皮棚，占了人行道。", "urban", 2, FALSE, FALSE },
  /* 物业管理 */
  { "物业管理", C, "{村}小区电梯频繁故障", "小区电梯这个月坏了三次，物业说等配件，老人上下楼很困难。", "housing", 4, TRUE, FALSE },
  { "物业管理", C, "{村}小区物业收费不公开", "物业费年年涨，收支不公示，业主有意见，请有关部门监督。", "housing", 3, FALSE, FALSE },
  { "物业管理", H, "{村}小区地下室积水", "下雨后地下室进水，车库和储藏室都泡了，物业不管。", "housing", 2, FALSE, FALSE },
  { "物业管理", Q, "咨询{村}小区房产证办理进度", "房子交付三年了还没办下房产证，想问问什么时候能办。", "housing", 2, FALSE, FALSE },
  { "物业管理", H, "{村}小区燃气管道有异味", "楼道里闻到燃气味，怀疑管道漏气，请燃气公司尽快来查。", "gas", 2, TRUE, FALSE },
  /* 农业农村 */
  { "农业农村", H, "{村}农田灌溉机井损坏", "地里的机井坏了，眼看要浇地，请帮忙联系维修。", "farming", 3, FALSE, FALSE },
  { "农业农村", Q, "咨询{镇}耕地地力保护补贴发放时间", "今年的种粮补贴什么时候发，标准是多少。", "farming", 3, FALSE, FALSE },
  { "农业农村", C, "{村}土地流转租金未按时支付", "村里把地流转给合作社，今年的租金到现在还没给。", DUBAN_UNIT_KEY_TOWN, 3, FALSE, FALSE },
  { "农业农村", H, "{村}蒜田病虫害防治求助", "今年大蒜叶子发黄，打了药也不管用，希望农技站来看看。", "farming", 2, FALSE, TRUE },
  /* 大蒜冷库 */
  { "大蒜冷库", R, "{村}冷库违规使用液氨存在安全隐患", "附近冷库用液氨制冷，经常闻到氨味，离住户太近，担心出事。", "market", 2, TRUE, TRUE },
  { "大蒜冷库", C, "{村}冷库压缩机噪音扰民", "冷库机组日夜运转，噪音很大，晚上睡不着觉。", "ecology", 3, FALSE, TRUE },
  { "大蒜冷库", C, "{镇}冷库租金临时上涨", "说好的冷库租金，入库前临时每吨涨了几十元，不涨就不让进。", "market", 2, FALSE, TRUE },
  { "大蒜冷库", H, "{村}冷库断电大蒜有冻坏风险", "冷库停电半天了，库温在升，几百吨大蒜怕坏，请供电部门尽快抢修。", "power", 1, TRUE, TRUE },
  /* 蒜价 */
  { "蒜价", Q, "咨询今年{镇}大蒜收购价格", "想问一下今年新蒜的收购价大概多少，有没有最低保护价。", "commerce", 3, FALSE, TRUE },
  { "蒜价", R, "{村}有人恶意压价收购大蒜", "收蒜的联合起来压价，比市场价低不少，蒜农吃亏，希望管一管。", "market", 2, FALSE, TRUE },
  { "蒜价", S, "建议发布每日大蒜行情信息", "建议县里每天发布大蒜市场价格，让蒜农心里有数。", "commerce", 1, FALSE, TRUE },
  /* 市场 */
  { "市场", R, "{村}大蒜交易市场缺斤短两", "在交易市场卖蒜，过磅的秤不准，一车少了几十斤。", "market", 3, FALSE, TRUE },
  { "市场", C, "{村}超市销售过期食品", "在村里超市买的牛奶过期了，找店家不给退。", "market", 3, FALSE, FALSE },
  { "市场", R, "{村}无证经营餐馆卫生差", "路边小饭馆没有营业执照，后厨很脏，怕吃出问题。", "market", 2, FALSE, FALSE },
  /* others the platform also receives */
  { "劳动保障", H, "讨要{村}工地拖欠工资", "在工地干了三个月，包工头一直拖着不发工资，快过年了。", "labour", 4, FALSE, FALSE },
  { "劳动保障", Q, "咨询{镇}城乡居民养老保险缴费", "想问一下今年居民养老保险最低交多少，在哪交。", "labour", 2, FALSE, FALSE },
  { "教育", Q, "咨询{村}附近小学入学划片", "孩子明年上一年级，想问问我们小区划到哪个学校。", "education", 3, FALSE, FALSE },
  { "教育", C, "{村}幼儿园乱收费", "幼儿园除了保教费还收各种材料费，没有收据。", "education", 2, FALSE, FALSE },
  { "医疗卫生", C, "{镇}卫生院看病排队时间长", "卫生院就一个医生坐诊，排了两个小时还没看上。", "health", 2, FALSE, FALSE },
  { "医疗卫生", Q, "咨询{镇}新冠疫苗加强针接种地点", "想给老人打疫苗，问一下在哪里接种，要带什么。", "health", 1, FALSE, FALSE },
  { "社会治安", R, "{村}夜间有人偷盗电动车", "最近小区连着丢了好几辆电动车，监控也是坏的。", "police", 2, TRUE, FALSE },
  { "社会治安", H, "{村}邻里纠纷需要调解", "邻居盖房占了我家的宅基地，协商不成，请村里和镇里帮忙调解。", DUBAN_UNIT_KEY_TOWN, 3, FALSE, FALSE },
};
const guint duban_county_n_templates = G_N_ELEMENTS (duban_county_templates);

#undef C
#undef H
#undef Q
#undef R
#undef S

const char * const duban_county_surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
  "胡", "朱", "高", "林", "何", "郭", "马", "罗", "冯", "孟", "曹", "魏",
  "潘", "袁", "于", "董", "程", "葛", "邵", "姜",
};
const guint duban_county_n_surnames = G_N_ELEMENTS (duban_county_surnames);

const char * const duban_county_given_names[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
  "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英",
  "建国", "建华", "玉兰", "志强", "海燕", "文华", "德胜", "红梅", "春生",
};
const guint duban_county_n_given_names = G_N_ELEMENTS (duban_county_given_names);

/* 冯庄村, 王楼村, 李集村 … the usual shape of a Shandong village name */
const char * const duban_county_village_suffixes[] = {
  "庄", "楼", "集", "屯", "店", "堂", "营", "寨", "口", "桥", "庙", "园",
};
const guint duban_county_n_village_suffixes = G_N_ELEMENTS (duban_county_village_suffixes);

const char * const duban_county_community_names[] = {
  "金城", "奎星", "文峰", "中心", "东关", "西关", "南关", "北关", "新华",
  "建设", "人民", "崇文", "和平", "幸福", "阳光", "锦绣", "金山", "蒜都",
  "育才", "花园", "胜利", "振兴", "金曼克", "莱河", "缗城", "鱼山",
  "王丕", "高河", "丰华", "湖滨", "富民", "惠民", "康乐", "安居",
};
const guint duban_county_n_community_names = G_N_ELEMENTS (duban_county_community_names);

const char * const duban_county_street_names[] = {
  "金山街", "奎星路", "中心街", "金曼克大道", "崇文大道", "莱河路",
  "新华路", "建设路", "文峰路", "胡集路", "金珠路", "蒜都大道",
};
const guint duban_county_n_street_names = G_N_ELEMENTS (duban_county_street_names);

const char * const duban_county_extension_reasons[] = {
  "需协调多个部门联合处置，两个工作日内无法完成",
  "维修所需配件需从外地调运",
  "涉及资金审批，需走采购程序",
  "天气原因无法施工",
  "当事人外出，需等其返回后协商",
};
const guint duban_county_n_extension_reasons = G_N_ELEMENTS (duban_county_extension_reasons);

const char * const duban_county_extension_measures[] = {
  "已现场查看并设置临时警示，安排专人跟进",
  "已联系供货方加急发货，临时采取应急措施保障使用",
  "已提交审批，同时向诉求人说明进度",
  "已制定施工方案，天气好转后立即施工",
  "已电话联系当事人，约定返回后现场协调",
};
const guint duban_county_n_extension_measures = G_N_ELEMENTS (duban_county_extension_measures);

/* Each matter four times, as four different people would put it: the
 * same place and problem, a few words in common, no sentence repeated. */
#define C DUBAN_KIND_COMPLAINT
#define H DUBAN_KIND_HELP
#define R DUBAN_KIND_REPORT

const DubanPlantedMatter duban_county_matters[] = {
  { "供水", H, "water",
    { "{村}又停水了", "{村}停水三天自来水还没来", "{村}家里停水没水用", "{村}停水问题反映多次没人管" },
    { "我们这片又停水了，上次修好没几天，到现在水龙头一滴水都没有。",
      "从周一开始停水，自来水一直没来，只能买桶装水做饭，问了几次都说管子在修。",
      "家里停水好几天了，洗衣做饭都成问题，老人腿脚不好没法去外面挑水。",
      "停水的事已经打过电话，还是没有恢复供水，希望水务局给个准信什么时候来水。" } },
  { "供水", C, "water",
    { "{村}自来水发黄浑浊", "{村}水管里出黄水", "{村}自来水有铁锈味发黄", "{村}饮用水发黄水质差" },
    { "这几天放出来的自来水是黄色的，放很久也不清，怀疑管网生锈。",
      "水管里出来的都是黄水，还有沉淀，孩子不敢喝，请检测一下水质。",
      "自来水一股铁锈味，颜色发黄，烧开了也有味道，全家只能买水喝。",
      "饮用水颜色发黄浑浊，已经好几天了，担心影响身体健康，请派人查看管网。" } },
  { "环境卫生", C, DUBAN_UNIT_KEY_TOWN,
    { "{村}垃圾池满了没人清运", "{村}生活垃圾堆成山", "{村}村口垃圾臭气熏天", "{村}垃圾一直不清运" },
    { "村口的垃圾池早就满了，垃圾堆到路上，清运车好久没来。",
      "生活垃圾越堆越多，快堆到路中间了，天一热垃圾堆上到处是苍蝇。",
      "村口垃圾没人收拾，臭味飘到家里，窗户都不敢开，清运的车一直没来。",
      "反映过垃圾的事，到现在还没拉走，希望镇上尽快安排垃圾清运。" } },
  { "环境卫生", C, "urban",
    { "{村}烧烤摊油烟扰民", "{村}夜市烧烤油烟熏得没法开窗", "{村}楼下露天烧烤太吵", "{村}烧烤店半夜还在摆摊" },
    { "楼下烧烤摊每天晚上油烟很大，全飘进屋里，衣服都晾不了。",
      "夜市的烧烤一直烤到后半夜，油烟熏人，家里不敢开窗户。",
      "楼下露天烧烤喝酒划拳，吵到凌晨，油烟也大，孩子第二天还要上学。",
      "烧烤店半夜还在外面摆摊，油烟和噪音都很严重，请城管来管一管。" } },
  { "道路交通", C, "transport",
    { "{村}路面塌陷出现大坑", "{村}主路大坑很危险", "{村}道路塌陷大坑无人修补", "{村}路上大坑已经摔伤人" },
    { "村里主路中间塌了一个大坑，晚上看不清，电动车很容易掉进去。",
      "主路上的大坑越来越深，下雨积满水，根本看不出来，非常危险。",
      "路面塌陷好几天了，大坑只放了块石头挡着，一直没人来修补。",
      "前天有人骑车掉进路上的大坑摔伤了，请交通局赶快把坑填上修补路面。" } },
  { "供电", H, "power",
    { "{村}晚上经常停电", "{村}一天停电好几回", "{村}频繁停电电器烧坏", "{村}停电问题一直没解决" },
    { "最近每天晚上都停电，一停就是一两个小时，冰箱里的菜都坏了。",
      "一天停电好几回，来了电又断，家里的电视和冰箱都不敢开。",
      "频繁停电，家里的电饭锅和路由器已经烧坏了，请供电公司检修线路。",
      "停电的问题反映过，最近还是晚上老停电，希望彻底查一查线路。" } },
  { "物业管理", C, "housing",
    { "{村}小区电梯困人", "{村}电梯又坏了把人困在里面", "{村}小区电梯老出故障", "{村}电梯坏了一周没修" },
    { "小区电梯今天又把人困在里面半个多小时，物业来得很慢。",
      "电梯又坏了，邻居被困在里面，打物业电话没人接，太吓人了。",
      "小区电梯隔三差五出故障，上下都提心吊胆，希望住建局督促物业维修电梯。",
      "电梯坏了一个星期还没修好，楼上老人下不了楼，物业一直拖着不修。" } },
  { "市场", R, "market",
    { "{村}菜市场秤不准", "{村}菜市场买菜缺斤少两", "{村}市场商贩用鬼秤缺斤少两", "{村}菜市场称重短秤" },
    { "在菜市场买的肉回家一称少了二两，好几家摊位的秤都不准。",
      "在菜市场买菜老是缺斤少两，跟摊主说也不认，希望市场监管部门来查秤。",
      "市场里有商贩用鬼秤，一斤能差一两多，老年人吃亏最多。",
      "菜市场称重短秤的情况很普遍，秤不准，请安排人员抽查计量器具。" } },
};
#undef C
#undef H
#undef R

const guint duban_county_n_matters = G_N_ELEMENTS (duban_county_matters);
