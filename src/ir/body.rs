//! What rules say: kinds, severities, fee items, document lists, deadlines, office hours
//! and checklists.

use super::*;
use chrono::NaiveTime;
use rust_decimal::Decimal;

/// The kinds of rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Precondition / prohibition / advice.
    Finding,
    /// Fee.
    Fee,
    /// Document list.
    Documents,
    /// Processing time limit.
    Deadline,
    /// Certificate media.
    Media,
    /// Mutual recognition.
    Accept,
    /// Office hours.
    Hours,
    /// Evaluation checklist.
    Checklist,
    /// Where and how a service is done: address, window, hotlines, online service, forms.
    Office,
    /// How long the certificate issued is valid.
    Validity,
}

impl Kind {
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Finding => "finding",
            Kind::Fee => "fee",
            Kind::Documents => "documents",
            Kind::Deadline => "deadline",
            Kind::Media => "media",
            Kind::Accept => "accept",
            Kind::Hours => "hours",
            Kind::Checklist => "checklist",
            Kind::Office => "office",
            Kind::Validity => "validity",
        }
    }
    /// Kinds of which at most one rule may win.
    pub fn single(self) -> bool {
        !matches!(self, Kind::Finding | Kind::Office)
    }
}

/// What a finding rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A refusal: makes `allowed` false.
    Deny,
    /// Advice against.
    Warn,
    /// Information.
    Info,
    /// An obligation the applicant must carry out (listed under `obligations`).
    Oblige,
    /// The window sends the applicant elsewhere (listed under `referrals`).
    Refer,
}

impl Severity {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Deny => "deny",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Oblige => "oblige",
            Severity::Refer => "refer",
        }
    }
}

/// Fee status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeStatus {
    /// Free.
    Free,
    /// Amount is a cap.
    Capped,
    /// Amount is the price.
    Fixed,
    /// Amount is the least that may be charged (a minimum fee: 起价, 不低于).
    Minimum,
    /// Amount is the price of a package (套餐): its items are sold together at that price.
    Package,
    /// Applicant pays what the CA asks.
    SelfPaid,
    /// The regulation is silent.
    Unspecified,
}

impl FeeStatus {
    /// As in the response.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeStatus::Free => "free",
            FeeStatus::Capped => "capped",
            FeeStatus::Fixed => "fixed",
            FeeStatus::Minimum => "minimum",
            FeeStatus::Package => "package",
            FeeStatus::SelfPaid => "self_paid",
            FeeStatus::Unspecified => "unspecified",
        }
    }
}

/// One fee item.
#[derive(Debug, Clone)]
pub struct FeeItem {
    /// Label (收费项目).
    pub label: Text,
    /// Amount per unit, in yuan.
    pub amount: Decimal,
    /// Unit.
    pub unit: MoneyUnit,
    /// Quantity; `None` = `years` for per-year items, 1 otherwise.
    pub quantity: Option<Expr>,
    /// Only when this holds.
    pub when: Option<Cond>,
}

/// One document to present.
#[derive(Debug, Clone)]
pub struct DocItem {
    /// Id (used in `submitted_documents`).
    pub id: Text,
    /// zh-CN name.
    pub name: Text,
    /// Copies; `None` where the regulation states no number.
    pub copies: Option<u32>,
    /// Requirement ids (`seal`, `signature`, `original`).
    pub requires: List<Text>,
    /// The forms it is accepted in, any one of them (`form …`); empty where the rule says none.
    pub forms: List<FormSpec>,
    /// Only when this holds.
    pub when: Option<Cond>,
    /// Its citation.
    pub source: Source,
    /// The rule that lists it.
    pub rule: RuleId,
}

/// The form a document is handed in (`form original, copy`): a closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocForm {
    /// 原件 — the original.
    Original,
    /// 复印件 — a photocopy.
    Copy,
    /// 纸质件 — on paper (printed).
    Paper,
    /// 扫描件 — a scan, uploaded.
    Scan,
    /// 照片 — a photograph, uploaded.
    Photo,
    /// 电子版 — an electronic file.
    Electronic,
}

impl DocForm {
    /// Every form, in the order of the documentation.
    pub const ALL: [DocForm; 6] = [DocForm::Original, DocForm::Copy, DocForm::Paper, DocForm::Scan, DocForm::Photo, DocForm::Electronic];
    /// As written in rule files and in the answer.
    pub fn as_str(self) -> &'static str {
        match self {
            DocForm::Original => "original",
            DocForm::Copy => "copy",
            DocForm::Paper => "paper",
            DocForm::Scan => "scan",
            DocForm::Photo => "photo",
            DocForm::Electronic => "electronic",
        }
    }
    /// The zh-CN label.
    pub fn zh(self) -> &'static str {
        match self {
            DocForm::Original => "原件",
            DocForm::Copy => "复印件",
            DocForm::Paper => "纸质件",
            DocForm::Scan => "扫描件",
            DocForm::Photo => "照片",
            DocForm::Electronic => "电子版",
        }
    }
    /// The form as written in rule files, or `None`.
    pub fn parse(s: &str) -> Option<DocForm> {
        DocForm::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One form a document item is accepted in, with what that form needs besides the item's
/// own requirements (`copy (requires seal)`).
#[derive(Debug, Clone)]
pub struct FormSpec {
    /// The form.
    pub form: DocForm,
    /// Requirement ids of this form only.
    pub requires: List<Text>,
}

/// One line of a minimum set: what is counted, and how many are needed.
#[derive(Debug, Clone)]
pub struct SetLine {
    /// zh-CN label (业务主锁).
    pub label: Text,
    /// How many at least.
    pub at_least: i64,
}

/// A document list.
#[derive(Debug, Clone)]
pub enum DocList {
    /// Items, includes expanded; `incomplete` says why the list is open-ended, if it is.
    Items(List<DocItem>, Option<Text>),
    /// Nothing to present, and why.
    None(Text),
    /// The regulation lists nothing.
    Unspecified(Text),
}

/// A set of days: when an office is open, or which days a deadline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DaySet {
    /// Official working days: Monday–Friday minus days off, plus make-up working days (调休).
    Working,
    /// Monday–Friday, whatever the holiday calendar says.
    Weekdays,
    /// Monday–Friday except days off; make-up weekend days are not included.
    WeekdaysExceptHolidays,
    /// Every day.
    All,
    /// Every day except days off (节假日除外).
    AllExceptHolidays,
}

impl DaySet {
    /// Whether the set needs the holiday calendar.
    pub fn needs_calendar(self) -> bool {
        !matches!(self, DaySet::Weekdays | DaySet::All)
    }
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            DaySet::Working => "working",
            DaySet::Weekdays => "weekdays",
            DaySet::WeekdaysExceptHolidays => "weekdays except holidays",
            DaySet::All => "all",
            DaySet::AllExceptHolidays => "all except holidays",
        }
    }
}

/// How a deadline is computed from `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineSpec {
    /// N minutes after.
    Minutes(i64),
    /// N days of a day set, counted from the day after (day-granular).
    Days(i64, DaySet),
    /// N calendar months (民法典 第二百零二条), day-granular.
    Months(i64),
    /// Same day before the cut-off, else the next day of the day set.
    Cutoff(NaiveTime, DaySet),
    /// 即收即办: at once.
    Immediate,
}

/// One office-hours season.
#[derive(Debug, Clone)]
pub struct Season {
    /// Id.
    pub id: Text,
    /// Label.
    pub label: Text,
    /// Periods.
    pub periods: List<(NaiveTime, NaiveTime)>,
    /// The days open in this season (the rule's `days` unless the season states its own).
    pub days: DaySet,
}

/// A labelled assumption picking a season by date: season index, first and last (month, day)
/// of the window, and the wording of the assumption.
pub type Assumption = (usize, (u32, u32), (u32, u32), Text);

/// Office hours.
#[derive(Debug, Clone)]
pub struct Hours {
    /// Seasons.
    pub seasons: List<Season>,
    /// Assumed season window: (season index, from (month, day), to (month, day), why).
    pub assume: Option<Assumption>,
}

/// How a checklist answer is derived from service records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// Some record finished after its deadline.
    Overdue,
    /// Every record finished in time.
    OnTime,
}

/// A checklist item.
#[derive(Debug, Clone)]
pub struct CheckItem {
    /// Id (序号).
    pub id: Text,
    /// Question as worded.
    pub text: Text,
    /// The answer that passes (true = 是).
    pub passes: bool,
    /// Derivation from records through a deadline rule.
    pub derive: Option<(Derive, RuleId)>,
}

/// What a rule says.
#[derive(Debug, Clone)]
pub enum Body {
    /// A finding.
    Finding {
        /// Severity.
        severity: Severity,
        /// Code.
        code: Text,
        /// zh-CN message.
        message: Text,
        /// zh-CN remedy.
        remedy: Option<Text>,
        /// For `refer`: the `office` rule the applicant is sent to, when the rule names one.
        refer_to: Option<RuleId>,
        /// The lines of a minimum set (`at_least`), whose shortfall the rule's condition
        /// already includes; empty for other findings.
        set: List<SetLine>,
    },
    /// A fee.
    Fee {
        /// Status.
        status: FeeStatus,
        /// Items.
        items: List<FeeItem>,
        /// Why unspecified, if said.
        why: Option<Text>,
        /// `as <rule>`: charged as that fee rule (its status and items), not copied.
        charge_as: Option<RuleId>,
    },
    /// A document list.
    Documents(DocList),
    /// A deadline.
    Deadline {
        /// Computation.
        spec: DeadlineSpec,
        /// The regulation's wording.
        basis: Text,
        /// The event it counts from (a `time` or `date` fact), or `None` for `as_of`.
        after: Option<FactId>,
    },
    /// Certificate media.
    Media(Text),
    /// How long the certificate issued is valid.
    Validity {
        /// Calendar months (a year is 12).
        months: i64,
        /// The event its expiry counts from (a `time` or `date` fact), if the text names one.
        after: Option<FactId>,
        /// The regulation's wording.
        basis: Text,
    },
    /// Recognition.
    Accept(bool),
    /// Office hours.
    Hours(Hours),
    /// An office: its name (the rule's title) and its contacts, in the order written.
    Office {
        /// zh-CN name.
        name: Text,
        /// Address, window, hotlines, online service, forms.
        contacts: List<Contact>,
    },
    /// A checklist.
    Checklist {
        /// Title.
        title: Text,
        /// Items.
        items: List<CheckItem>,
    },
}

/// What an `office` rule gives, one line each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactKind {
    /// `address "…"`: where to go.
    Address,
    /// `window "…"`: which window or room.
    Window,
    /// `hotline "…" ["whose"]`: a telephone number.
    Hotline,
    /// `online "url" ["what"]`: where the service is done online.
    Online,
    /// `form "name" ["url"]`: a form to download and fill in.
    Form,
    /// `email "address" ["whose"]`: an e-mail address.
    Email,
    /// `wechat "account" ["what"]`: a WeChat official account or customer-service WeChat.
    Wechat,
    /// `mini_program "name" ["what"]`: a mini program (小程序).
    MiniProgram,
}

impl ContactKind {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Address => "address",
            ContactKind::Window => "window",
            ContactKind::Hotline => "hotline",
            ContactKind::Online => "online",
            ContactKind::Form => "form",
            ContactKind::Email => "email",
            ContactKind::Wechat => "wechat",
            ContactKind::MiniProgram => "mini_program",
        }
    }
}

/// One contact line of an office.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// Which.
    pub kind: ContactKind,
    /// Address, number, URL or form name, as the regulation gives it.
    pub value: Text,
    /// Whose number, what the URL is for, or a form's download URL.
    pub label: Option<Text>,
}
