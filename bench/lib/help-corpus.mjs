// A large help center for the search latency benchmark: articles in zh-CN and en written from a
// payments support vocabulary (payments, refunds, cards, accounts, shipping, invoices, disputes,
// payouts, currencies, security, subscriptions, tax), so the index sees many distinct words and
// postings of realistic length, not one article copied with a number appended. Each article picks a
// topic, a subject, a problem and a handful of sentences, steps and facts from that topic's words;
// titles, tags and bodies vary. Categories are the protocol's (packages/protocol/src/help.ts).
// Deterministic: the same seed gives the same corpus.

/** mulberry32: a small seeded generator, enough to vary text reproducibly. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Per topic: subjects, problems, and sentences with slots ({s} subject, {n} number, {d} days,
// {c} currency, {b} bank or wallet, {r} region), per locale.
const TOPICS = {
  en: {
    payments: {
      category: 'payments',
      subjects: [
        'card payment',
        'bank transfer',
        'wallet payment',
        'instalment plan',
        'recurring charge',
        'QR code payment',
        'pre-authorisation',
        'split payment',
      ],
      problems: [
        'declined',
        'pending',
        'charged twice',
        'timed out',
        'stuck in processing',
        'failed after 3-D Secure',
        'shows the wrong amount',
        'was cancelled',
      ],
      sentences: [
        'A {s} usually completes within a few seconds, but some banks hold it for review for up to {d} days.',
        'If your {s} is declined, check the card number, the expiry date and the security code before trying again.',
        'We never store your full card number; the {s} is authorised by {b} and we only see the last four digits.',
        'Payments above {n} {c} may need an extra confirmation in your banking app.',
        'A pending {s} is not a charge yet: the hold is released automatically if the order is not completed.',
        'Merchants in {r} may add a small surcharge for a {s}, shown before you confirm.',
        'When a {s} times out, wait {d} minutes before paying again so you are not charged twice.',
      ],
    },
    refunds: {
      category: 'refunds',
      subjects: [
        'full refund',
        'partial refund',
        'refund to a card',
        'refund to a wallet',
        'refund of shipping costs',
        'store credit',
        'refund after cancellation',
        'refund of a deposit',
      ],
      problems: [
        'not received',
        'delayed',
        'smaller than expected',
        'sent to an old card',
        'rejected',
        'shown twice',
        'in another currency',
        'missing from the statement',
      ],
      sentences: [
        'A {s} goes back to the payment method you used; {b} usually shows it within {d} business days.',
        'If the {s} is smaller than the order, part of the order may have been kept or already refunded.',
        'A {s} appears as a separate credit line on your statement, not as the original charge disappearing.',
        'Exchange rates change, so a {s} in {c} can differ slightly from what you paid.',
        'Ask the bank to trace the {s} with the refund reference from our email.',
        'Refunds above {n} {c} are reviewed by the merchant before they are sent.',
      ],
    },
    cards: {
      category: 'payments',
      subjects: [
        'credit card',
        'debit card',
        'prepaid card',
        'virtual card',
        'corporate card',
        'co-branded card',
        'UnionPay card',
        'Visa card',
      ],
      problems: [
        'cannot be added',
        'expired',
        'blocked by the bank',
        'verification failed',
        'replaced by a new card',
        'shows an unknown charge',
        'limit reached',
        'was lost',
      ],
      sentences: [
        'You can save a {s} to your account and remove it at any time in the payment settings.',
        'A {s} issued in {r} may need international payments switched on by {b}.',
        'When your {s} expires, add the new one; saved subscriptions move to it automatically.',
        'A small verification amount of {n} {c} is charged and refunded when you add a {s}.',
        'If the {s} was lost or stolen, block it with {b} first, then remove it here.',
        'The daily limit of a {s} is set by the bank, not by us.',
      ],
    },
    accounts: {
      category: 'account',
      subjects: [
        'account',
        'password',
        'email address',
        'phone number',
        'two-step verification',
        'login',
        'profile',
        'business account',
      ],
      problems: [
        'locked',
        'forgotten',
        'cannot be changed',
        'not verified',
        'used by someone else',
        'closed by mistake',
        'keeps logging out',
        'code not received',
      ],
      sentences: [
        'After {n} wrong attempts the {s} is locked for {d} minutes to protect it.',
        'You can change your {s} in the profile settings; we send a code to confirm it is you.',
        'A verification code is valid for {d} minutes; ask for a new one if it expired.',
        'If your {s} is used by someone else, reset the password and sign out of every device.',
        'Business accounts in {r} need a company registration document before the first payout.',
      ],
    },
    shipping: {
      category: 'support',
      subjects: [
        'delivery',
        'parcel',
        'tracking number',
        'delivery address',
        'express shipping',
        'pickup point',
        'international shipping',
        'return label',
      ],
      problems: [
        'late',
        'lost',
        'delivered to the wrong address',
        'damaged',
        'not updated',
        'held at customs',
        'returned to sender',
        'missing items',
      ],
      sentences: [
        'Most orders ship within {d} days; the tracking number arrives by email once the parcel leaves.',
        'Deliveries to {r} may be held at customs, and import duties can be charged on arrival.',
        'Orders above {n} {c} ship free with standard delivery.',
        'If your {s} is late, check the tracking page first; carriers update it once a day.',
        'To change the {s} after paying, contact the merchant before the order is packed.',
      ],
    },
    invoices: {
      category: 'payments',
      subjects: [
        'invoice',
        'receipt',
        'VAT invoice',
        'billing address',
        'credit note',
        'pro forma invoice',
        'monthly statement',
        'tax number',
      ],
      problems: [
        'not received',
        'has the wrong name',
        'missing the tax number',
        'needs a correction',
        'in the wrong currency',
        'cannot be downloaded',
        'shows the wrong date',
        'duplicated',
      ],
      sentences: [
        'An {s} is emailed after every payment and can be downloaded from the order page.',
        'To correct an {s}, ask the merchant; a credit note cancels the old one.',
        'Companies in {r} can add a tax number so every {s} shows it.',
        'Statements list every payment and refund in {c} for the month.',
        'A {s} is kept for {n} days in your account history.',
      ],
    },
    disputes: {
      category: 'refunds',
      subjects: [
        'dispute',
        'chargeback',
        'unrecognised charge',
        'fraud claim',
        'evidence',
        'dispute decision',
        'second presentment',
        'retrieval request',
      ],
      problems: [
        'opened by mistake',
        'still open',
        'lost',
        'needs documents',
        'charged again',
        'not answered',
        'closed without refund',
        'duplicated',
      ],
      sentences: [
        'Contact the merchant before opening a {s}; it is usually faster than going through {b}.',
        'While a {s} is open we cannot refund the same payment separately.',
        'The bank decides a {s} within {d} days after both sides sent their evidence.',
        'A {s} for more than {n} {c} may need a written statement.',
      ],
    },
    payouts: {
      category: 'payments',
      subjects: [
        'payout',
        'settlement',
        'bank account for payouts',
        'payout schedule',
        'reserve',
        'balance',
        'fee',
        'settlement report',
      ],
      problems: [
        'delayed',
        'on hold',
        'smaller than expected',
        'sent to the wrong account',
        'missing',
        'in the wrong currency',
        'split in two',
        'rejected by the bank',
      ],
      sentences: [
        'A {s} reaches your bank {d} business days after the payments settle.',
        'Fees are taken before the {s}; the settlement report lists each one.',
        'A rolling reserve holds {n} percent of payments for new merchants in {r}.',
        'Payouts in {c} need a bank account in the same currency.',
      ],
    },
    currencies: {
      category: 'payments',
      subjects: [
        'exchange rate',
        'foreign currency',
        'currency conversion',
        'cross-border fee',
        'multi-currency wallet',
        'settlement currency',
        'dynamic currency conversion',
        'local currency',
      ],
      problems: [
        'too high',
        'not shown',
        'different from the bank',
        'charged twice',
        'unexpected',
        'changed after paying',
        'not supported',
        'rounded wrongly',
      ],
      sentences: [
        'Prices are shown in {c}; the {s} is fixed when you confirm the payment.',
        'Cards issued in {r} may add a {s} of about {n} percent.',
        'The rate your bank uses can differ from ours by a few tenths of a percent.',
        'Choose to pay in {c} to let your bank convert instead of the merchant.',
      ],
    },
    security: {
      category: 'security',
      subjects: [
        'phishing email',
        'scam call',
        'suspicious login',
        'fake website',
        'one-time password',
        'security alert',
        'compromised account',
        'card skimming',
      ],
      problems: [
        'received',
        'reported',
        'clicked by mistake',
        'asked for a code',
        'still happening',
        'from a number like ours',
        'with our logo',
        'not recognised',
      ],
      sentences: [
        'We never ask for your password or a one-time code by phone, email or chat.',
        'If you clicked a link in a {s}, change your password and call {b}.',
        'Report a {s} to us and delete it; do not reply.',
        'A security alert is sent within {d} minutes of a login from a new device in {r}.',
      ],
    },
    subscriptions: {
      category: 'payments',
      subjects: [
        'subscription',
        'free trial',
        'renewal',
        'plan change',
        'cancellation',
        'annual plan',
        'monthly plan',
        'auto-renew',
      ],
      problems: [
        'charged after cancelling',
        'not renewed',
        'charged at the wrong price',
        'cannot be cancelled',
        'charged twice',
        'ended early',
        'not shown',
        'paused',
      ],
      sentences: [
        'A {s} renews on the same day each month unless cancelled {d} days before.',
        'Cancelling keeps the plan until the end of the paid period.',
        'Changing plans charges the difference of {n} {c} at once.',
        'Trials end after {d} days and then the first payment is taken.',
      ],
    },
    tax: {
      category: 'payments',
      subjects: [
        'sales tax',
        'VAT',
        'GST',
        'import duty',
        'tax exemption',
        'tax receipt',
        'withholding tax',
        'digital services tax',
      ],
      problems: [
        'charged wrongly',
        'missing',
        'not refunded',
        'too high',
        'shown twice',
        'not exempted',
        'changed',
        'unclear',
      ],
      sentences: [
        '{s} depends on the delivery address in {r} and is shown before you pay.',
        'A refund includes the {s} paid on the refunded items.',
        'Exempt companies send their certificate once; later orders are charged without {s}.',
        'Orders above {n} {c} may be charged {s} at the border.',
      ],
    },
  },
  'zh-CN': {
    payments: {
      category: 'payments',
      subjects: [
        '银行卡支付',
        '银行转账',
        '钱包支付',
        '分期付款',
        '自动扣款',
        '扫码支付',
        '预授权',
        '组合支付',
      ],
      problems: ['被拒绝', '一直处理中', '重复扣款', '超时', '卡在支付中', '验证失败', '金额不对', '被取消'],
      sentences: [
        '{s}通常几秒内完成，部分银行会审核最多{d}天。',
        '{s}被拒绝时，请先核对卡号、有效期和安全码再重试。',
        '我们不保存完整卡号，{s}由{b}授权，我们只能看到卡号后四位。',
        '超过{n}{c}的付款可能需要在银行应用里再次确认。',
        '处理中的{s}还不是扣款，订单未完成时冻结金额会自动释放。',
        '{r}的商户可能对{s}收取少量附加费，确认前会显示。',
        '{s}超时后请等待{d}分钟再付款，避免重复扣款。',
      ],
    },
    refunds: {
      category: 'refunds',
      subjects: [
        '全额退款',
        '部分退款',
        '退回银行卡',
        '退回钱包',
        '运费退款',
        '店铺余额',
        '取消订单退款',
        '押金退还',
      ],
      problems: ['没收到', '延迟', '金额少了', '退到旧卡', '被拒绝', '显示两次', '币种不同', '账单上找不到'],
      sentences: [
        '{s}会原路退回，{b}通常在{d}个工作日内入账。',
        '{s}金额比订单少，可能是部分商品未退或已经退过。',
        '{s}在账单上是一笔单独的入账，原来的扣款不会消失。',
        '汇率会变化，以{c}退回的{s}可能和支付金额略有差异。',
        '可以凭邮件里的退款单号请银行查询{s}。',
        '超过{n}{c}的退款需要商户审核后才会发出。',
      ],
    },
    cards: {
      category: 'payments',
      subjects: ['信用卡', '借记卡', '预付卡', '虚拟卡', '公司卡', '联名卡', '银联卡', 'Visa卡'],
      problems: ['绑不上', '过期了', '被银行冻结', '验证失败', '换了新卡', '有不明扣款', '额度不够', '丢了'],
      sentences: [
        '{s}可以保存到账户，随时在支付设置里删除。',
        '{r}发行的{s}可能需要{b}开通境外支付。',
        '{s}过期后绑定新卡，已有的订阅会自动转到新卡。',
        '绑定{s}时会扣{n}{c}验证金额，随后退回。',
        '{s}丢失或被盗，请先联系{b}挂失，再在这里解绑。',
        '{s}的每日限额由银行设定，不由我们决定。',
      ],
    },
    accounts: {
      category: 'account',
      subjects: ['账户', '密码', '邮箱', '手机号', '两步验证', '登录', '个人资料', '企业账户'],
      problems: ['被锁定', '忘记了', '改不了', '未验证', '被别人使用', '误注销', '总是掉线', '收不到验证码'],
      sentences: [
        '连续输错{n}次后{s}会锁定{d}分钟以保护安全。',
        '可以在资料设置里修改{s}，我们会发验证码确认是本人。',
        '验证码{d}分钟内有效，过期请重新获取。',
        '{s}被别人使用时，请重置密码并退出所有设备。',
        '{r}的企业账户首次结算前需要上传营业执照。',
      ],
    },
    shipping: {
      category: 'support',
      subjects: ['配送', '包裹', '快递单号', '收货地址', '加急配送', '自提点', '国际物流', '退货面单'],
      problems: ['延迟', '丢件', '送错地址', '破损', '物流不更新', '海关扣留', '被退回', '少件'],
      sentences: [
        '多数订单{d}天内发货，包裹发出后会邮件发送快递单号。',
        '寄往{r}的包裹可能被海关查验，到货时可能需要缴纳关税。',
        '订单满{n}{c}免运费。',
        '{s}延迟时请先查看物流页面，承运商每天更新一次。',
        '付款后要修改{s}，请在打包前联系商户。',
      ],
    },
    invoices: {
      category: 'payments',
      subjects: ['发票', '收据', '增值税发票', '账单地址', '红字发票', '形式发票', '月结单', '税号'],
      problems: [
        '没收到',
        '抬头错了',
        '缺少税号',
        '需要更正',
        '币种不对',
        '无法下载',
        '日期不对',
        '重复开具',
      ],
      sentences: [
        '每次付款后{s}会发到邮箱，也可以在订单页下载。',
        '需要更正{s}请联系商户，开具红字发票冲销原票。',
        '{r}的企业可以填写税号，之后每张{s}都会显示。',
        '月结单按{c}列出当月所有付款和退款。',
        '{s}在账户记录中保留{n}天。',
      ],
    },
    disputes: {
      category: 'refunds',
      subjects: ['争议', '拒付', '不明扣款', '盗刷申诉', '证据材料', '争议结果', '二次请款', '调单'],
      problems: [
        '误提交',
        '还没处理',
        '败诉',
        '需要材料',
        '再次扣款',
        '没有回复',
        '关闭但没退款',
        '重复提交',
      ],
      sentences: [
        '发起{s}前请先联系商户，通常比通过{b}处理更快。',
        '{s}处理期间，同一笔付款不能再单独退款。',
        '双方提交材料后，银行会在{d}天内对{s}作出决定。',
        '超过{n}{c}的{s}可能需要书面说明。',
      ],
    },
    payouts: {
      category: 'payments',
      subjects: ['结算', '提现', '结算银行账户', '结算周期', '保证金', '余额', '手续费', '结算报表'],
      problems: [
        '延迟到账',
        '被暂停',
        '金额偏少',
        '打错账户',
        '没到账',
        '币种不对',
        '被拆成两笔',
        '被银行退回',
      ],
      sentences: [
        '{s}在交易结算后{d}个工作日到达银行账户。',
        '手续费在{s}前扣除，结算报表逐笔列出。',
        '{r}的新商户会按交易额的{n}%预留保证金。',
        '以{c}结算需要同币种的银行账户。',
      ],
    },
    currencies: {
      category: 'payments',
      subjects: ['汇率', '外币', '货币兑换', '跨境手续费', '多币种钱包', '结算币种', '动态货币转换', '本币'],
      problems: [
        '太高',
        '没显示',
        '和银行不一样',
        '扣了两次',
        '不清楚',
        '付款后变了',
        '不支持',
        '四舍五入错误',
      ],
      sentences: [
        '价格以{c}显示，{s}在确认付款时锁定。',
        '{r}发行的卡可能收取约{n}%的{s}。',
        '银行使用的汇率可能与我们相差千分之几。',
        '选择用{c}付款，由银行而不是商户兑换。',
      ],
    },
    security: {
      category: 'security',
      subjects: [
        '钓鱼邮件',
        '诈骗电话',
        '异常登录',
        '假冒网站',
        '动态验证码',
        '安全提醒',
        '账户被盗',
        '盗刷',
      ],
      problems: [
        '收到了',
        '已举报',
        '误点了链接',
        '索要验证码',
        '一直发生',
        '号码像官方',
        '带有我们的标志',
        '不认识',
      ],
      sentences: [
        '我们不会通过电话、邮件或聊天索要密码或验证码。',
        '点了{s}里的链接，请立即修改密码并联系{b}。',
        '请把{s}报告给我们后删除，不要回复。',
        '在{r}的新设备登录时，{d}分钟内会发送安全提醒。',
      ],
    },
    subscriptions: {
      category: 'payments',
      subjects: ['订阅', '免费试用', '自动续费', '套餐变更', '取消订阅', '年付套餐', '月付套餐', '续订'],
      problems: [
        '取消后还扣费',
        '没有续上',
        '价格不对',
        '取消不了',
        '扣了两次',
        '提前结束',
        '找不到',
        '被暂停',
      ],
      sentences: [
        '{s}每月同一天续费，提前{d}天取消则不再扣款。',
        '取消后套餐保留到已付周期结束。',
        '变更套餐会立即补扣差价{n}{c}。',
        '试用{d}天后结束，随后扣首笔费用。',
      ],
    },
    tax: {
      category: 'payments',
      subjects: ['销售税', '增值税', '消费税', '进口关税', '免税', '完税凭证', '预扣税', '数字服务税'],
      problems: ['算错了', '没有显示', '没退', '太高', '收了两次', '没免掉', '变了', '看不懂'],
      sentences: [
        '{s}按{r}的收货地址计算，付款前会显示。',
        '退款会包含已退商品对应的{s}。',
        '免税企业上传一次证明，之后的订单不再收取{s}。',
        '订单超过{n}{c}时入境可能需要缴纳{s}。',
      ],
    },
  },
};

const FILL = {
  en: {
    banks: [
      'your bank',
      'the card issuer',
      'Alipay',
      'WeChat Pay',
      'PayPal',
      'the wallet provider',
      'HSBC',
      'Bank of China',
    ],
    currencies: ['CNY', 'USD', 'HKD', 'EUR', 'JPY', 'TWD', 'SGD', 'GBP'],
    regions: [
      'mainland China',
      'Hong Kong',
      'Taiwan',
      'the EU',
      'the United States',
      'Japan',
      'Singapore',
      'the UK',
    ],
    titles: [
      '{S} {p}',
      '{S} {p}: what to do',
      'Help with a {s}: {p}',
      '{S}: {p}',
      '{S} {p}, why?',
      'When a {s} is reported {p}',
    ],
    stepsTitle: 'What you can do',
    factsTitle: 'Good to know',
  },
  'zh-CN': {
    banks: ['发卡银行', '开户行', '支付宝', '微信支付', '云闪付', '钱包服务商', '招商银行', '中国银行'],
    currencies: ['元', '美元', '港币', '欧元', '日元', '新台币', '新加坡元', '英镑'],
    regions: ['中国大陆', '香港', '台湾', '欧盟', '美国', '日本', '新加坡', '英国'],
    titles: [
      '{s}{p}怎么办',
      '为什么{s}{p}',
      '{s}{p}的处理方法',
      '{s}：{p}',
      '我的{s}{p}了',
      '如何解决{s}{p}',
    ],
    stepsTitle: '可以这样处理',
    factsTitle: '需要了解',
  },
};

/**
 * `perLocale` articles in each of zh-CN and en (the shape of the server's article files), built
 * from the vocabulary above with a seeded generator.
 */
export function generateHelpCorpus({ perLocale = 1000, seed = 16 } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const shuffled = (list) => [...list].sort(() => next() - 0.5);
  const articles = [];
  for (const locale of ['zh-CN', 'en']) {
    const topics = Object.entries(TOPICS[locale]);
    const fill = FILL[locale];
    const join = locale === 'en' ? ' ' : '';
    for (let i = 0; i < perLocale; i++) {
      const [topic, t] = topics[i % topics.length];
      const subject = pick(t.subjects);
      const problem = pick(t.problems);
      const slot = (text, s = subject) =>
        text
          .replaceAll('{S}', s[0].toUpperCase() + s.slice(1))
          .replaceAll('{s}', s)
          .replaceAll('{p}', problem)
          .replaceAll('{n}', String(pick([3, 5, 10, 20, 50, 100, 200, 500, 1000, 5000])))
          .replaceAll('{d}', String(pick([1, 2, 3, 5, 7, 10, 14, 30])))
          .replaceAll('{c}', pick(fill.currencies))
          .replaceAll('{b}', pick(fill.banks))
          .replaceAll('{r}', pick(fill.regions));
      const sentences = shuffled(t.sentences);
      const intro = sentences.slice(0, 2 + Math.floor(next() * 2)).map((text) => slot(text));
      const steps = sentences
        .slice(intro.length, intro.length + 2 + Math.floor(next() * 3))
        .map((text) => slot(text));
      // A related topic's sentence now and then: real articles mention neighbouring subjects.
      const [, other] = topics[Math.floor(next() * topics.length)];
      const facts = [slot(pick(other.sentences), pick(other.subjects)), slot(pick(t.sentences))];
      const bodyMarkdown = [
        intro.join(join),
        `## ${fill.stepsTitle}`,
        steps.map((s, k) => `${k + 1}. ${s}`).join('\n'),
        `## ${fill.factsTitle}`,
        facts.map((s) => `- ${s}`).join('\n'),
      ].join('\n\n');
      const otherSubjects = shuffled(t.subjects).slice(0, 2);
      articles.push({
        slug: `${topic}-${i}`,
        locale,
        title: slot(pick(fill.titles)),
        category: t.category,
        tags: [...new Set([subject, problem, ...otherSubjects])],
        keywords: [topic],
        published: true,
        updatedAt: '2026-11-01T08:00:00Z',
        bodyMarkdown,
      });
    }
  }
  return articles;
}
