//! AHA PREVENT: 10-year total CVD (the value), ASCVD and heart failure, their 30-year risks for
//! ages 30–59, with the HbA1c, UACR or full model chosen by the values present
//! (docs/risk-models.md §8).
//!
//! Khan SS, Matsushita K, Sang Y, et al. Development and validation of the American Heart
//! Association's PREVENT equations. Circulation 2024;149(6):430–449, Supplemental Tables S12A–J.
//! Logistic models: risk = 1 / (1 + e^−Σβx) with centred, piece-wise terms; lipids converted
//! from mg/dL with × 0.02586.

use serde_json::json;

use super::common;
use crate::error::{check_range, Result};
use crate::i18n::{num, Msg, Text};
use crate::read::Read;
use crate::risk::kit::{self, Parts};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

/// mmol/L per mg/dL of cholesterol for this model.
pub const MMOL_PER_MG_DL: f64 = 0.02586;
/// Accepted ranges (inclusive), as the authors' R package preventr checks them: age 30–79;
/// TC 3.36–8.28 mmol/L (130–320 mg/dL) and HDL-C 0.52–2.59 mmol/L (20–100 mg/dL), the mmol/L
/// bounds as written; SBP 90–180; BMI 18.5–39.9; eGFR 15–140; HbA1c 4.5–15%; UACR 0.1–25,000 mg/g.
pub const AGES: (f64, f64) = (30.0, 79.0);
pub const TC_MMOL: (f64, f64) = (3.36, 8.28);
pub const HDL_MMOL: (f64, f64) = (0.52, 2.59);
pub const SBP: (f64, f64) = (90.0, 180.0);
pub const BMI: (f64, f64) = (18.5, 39.9);
pub const EGFR: (f64, f64) = (15.0, 140.0);
pub const HBA1C: (f64, f64) = (4.5, 15.0);
pub const UACR: (f64, f64) = (0.1, 25_000.0);
/// 30-year risks are given up to this age (the developers validated them to 59).
pub const THIRTY_YEAR_TO_AGE: f64 = 59.0;

/// The terms of the equations, in the order of the coefficient rows (the SDI deciles, which need
/// a US zip code, are left out: their terms are 0 outside the US).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Term {
    Age,
    AgeSquared,
    NonHdl,
    Hdl,
    SbpBelow110,
    Sbp110Up,
    Diabetes,
    Smoking,
    BmiBelow30,
    Bmi30Up,
    EgfrBelow60,
    Egfr60Up,
    Antihypertensive,
    Statin,
    TreatedSbp110Up,
    StatinNonHdl,
    AgeNonHdl,
    AgeHdl,
    AgeSbp110Up,
    AgeDiabetes,
    AgeSmoking,
    AgeBmi30Up,
    AgeEgfrBelow60,
    MissingSdi,
    LnUacr,
    MissingUacr,
    Hba1cDiabetes,
    Hba1cNoDiabetes,
    MissingHba1c,
    Constant,
}
pub const TERMS: usize = 30;

/// Which equations: by the values present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Base,
    Hba1c,
    Uacr,
    /// HbA1c and UACR (social deprivation index unknown).
    Full,
}

impl Variant {
    pub fn code(self) -> &'static str {
        match self {
            Variant::Base => "base",
            Variant::Hba1c => "hba1c",
            Variant::Uacr => "uacr",
            Variant::Full => "full",
        }
    }
}

/// Horizon index into [`COEFFICIENTS`].
pub const TEN_YEARS: usize = 0;
pub const THIRTY_YEARS: usize = 1;

/// The published coefficients × 10⁷, `[variant][horizon][term][column]`, columns female total
/// CVD, male total CVD, female ASCVD, male ASCVD, female heart failure, male heart failure. Every
/// published coefficient has at most seven decimals, so each is stored exactly as an integer and
/// [`coefficient`] gives back the double nearest the printed decimal. A test compares every one
/// with the published tables (`tests/fixtures/prevent/`).
static COEFFICIENTS: [[[[i32; 6]; TERMS]; 2]; 4] = [
    // base
    [
        // 10yr
        [
            [7939329, 7688528, 7198830, 7099847, 8998235, 8972642], // Age
            [0, 0, 0, 0, 0, 0], // AgeSquared
            [305239, 736174, 1176967, 1658663, 0, 0], // NonHdl
            [-1606857, -954431, -1511850, -1144285, 0, 0], // Hdl
            [-2394003, -4347345, -835358, -2837212, -4559771, -6811466], // SbpBelow110
            [3600781, 3362658, 3592852, 3239977, 3576505, 3634461], // Sbp110Up
            [8667604, 7692857, 8348585, 7189597, 10383460, 9237760], // Diabetes
            [5360739, 4386871, 4831078, 3956973, 5839160, 5023736], // Smoking
            [0, 0, 0, 0, -72294, -485841], // BmiBelow30
            [0, 0, 0, 0, 2997706, 3726929], // Bmi30Up
            [6045917, 5378979, 4864619, 3690075, 7451638, 6926917], // EgfrBelow60
            [433769, 164827, 397779, 203619, 557087, 251827], // Egfr60Up
            [3151672, 2888790, 2265309, 2036522, 3534442, 2980922], // Antihypertensive
            [-1477655, -1337349, -592374, -865581, 0, 0], // Statin
            [-663612, -475924, -395762, -322916, -981511, -497731], // TreatedSbp110Up
            [1197879, 1502730, 844423, 1145630, 0, 0], // StatinNonHdl
            [-819715, -517874, -567839, -300005, 0, 0], // AgeNonHdl
            [306769, 191169, 325692, 232747, 0, 0], // AgeHdl
            [-946348, -1049477, -1035985, -927024, -946663, -1289201], // AgeSbp110Up
            [-2705700, -2251948, -2417542, -2018525, -3581041, -3040924], // AgeDiabetes
            [-787150, -895067, -791142, -970527, -1159453, -1401688], // AgeSmoking
            [0, 0, 0, 0, -38780, 68126], // AgeBmi30Up
            [-1637806, -1543702, -1671492, -1217081, -1884289, -1797778], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [0, 0, 0, 0, 0, 0], // LnUacr
            [0, 0, 0, 0, 0, 0], // MissingUacr
            [0, 0, 0, 0, 0, 0], // Hba1cDiabetes
            [0, 0, 0, 0, 0, 0], // Hba1cNoDiabetes
            [0, 0, 0, 0, 0, 0], // MissingHba1c
            [-33077280, -30311680, -38199750, -35006550, -43104090, -39463910], // Constant
        ],
        // 30yr
        [
            [5503079, 4627309, 4669202, 3994099, 6254374, 5681541], // Age
            [-928369, -984281, -893118, -937484, -983038, -1048388], // AgeSquared
            [409794, 836088, 1256901, 1744643, 0, 0], // NonHdl
            [-1663306, -1029824, -1542255, -1202030, 0, 0], // Hdl
            [-1628654, -2140352, -18093, -665117, -3919241, -4761564], // SbpBelow110
            [3299505, 2904325, 3229490, 2753037, 3142295, 3032400], // Sbp110Up
            [6793894, 5331276, 6296707, 4790257, 8330787, 6840338], // Diabetes
            [3196112, 2141914, 2682920, 1782635, 3438651, 2656273], // Smoking
            [0, 0, 0, 0, 594874, 833107], // BmiBelow30
            [0, 0, 0, 0, 2525536, 2699900], // Bmi30Up
            [1857101, 1155556, 1001060, -218789, 2981642, 2541805], // EgfrBelow60
            [553528, 603775, 499663, 602553, 667159, 638923], // Egfr60Up
            [2894000, 2327140, 1875292, 1421182, 3339210, 2583631], // Antihypertensive
            [-756880, -272112, 152476, 135996, 0, 0], // Statin
            [-563670, -384488, -276123, -218265, -893177, -391938], // TreatedSbp110Up
            [1071019, 1341920, 736147, 1013148, 0, 0], // StatinNonHdl
            [-751438, -511759, -521962, -312619, 0, 0], // AgeNonHdl
            [301786, 165865, 316918, 206730, 0, 0], // AgeHdl
            [-998776, -1101437, -1046101, -920935, -974299, -1269124], // AgeSbp110Up
            [-3206166, -2585943, -2727793, -2159947, -4048550, -3273572], // AgeDiabetes
            [-1607862, -1566406, -1530907, -1548811, -1982991, -2043019], // AgeSmoking
            [0, 0, 0, 0, -35619, -182831], // AgeBmi30Up
            [-1450788, -1166776, -1299149, -712547, -1564215, -1342618], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [0, 0, 0, 0, 0, 0], // LnUacr
            [0, 0, 0, 0, 0, 0], // MissingUacr
            [0, 0, 0, 0, 0, 0], // Hba1cDiabetes
            [0, 0, 0, 0, 0, 0], // Hba1cNoDiabetes
            [0, 0, 0, 0, 0, 0], // MissingHba1c
            [-13188270, -11482040, -19740740, -17364440, -22053790, -19575100], // Constant
        ],
    ],
    // hba1c
    [
        // 10yr
        [
            [7858178, 7699177, 7111831, 7064146, 8997391, 9117870], // Age
            [0, 0, 0, 0, 0, 0], // AgeSquared
            [194438, 605093, 1067970, 1532267, 0, 0], // NonHdl
            [-1521964, -888525, -1425745, -1082166, 0, 0], // Hdl
            [-2296681, -4177130, -736824, -2675288, -4422749, -6568071], // SbpBelow110
            [3465777, 3288657, 3480844, 3173809, 3378691, 3524645], // Sbp110Up
            [5366241, 4759471, 5112951, 4326040, 6812840, 5849752], // Diabetes
            [5411682, 4385663, 4880292, 3958842, 5886005, 5014014], // Smoking
            [0, 0, 0, 0, -148657, -512352], // BmiBelow30
            [0, 0, 0, 0, 2958374, 3652940], // Bmi30Up
            [5931898, 5334616, 4754997, 3665014, 7344700, 6892219], // EgfrBelow60
            [472458, 206431, 438132, 250243, 592600, 292377], // Egfr60Up
            [3158567, 2917524, 2259093, 2061158, 3543475, 3038296], // Antihypertensive
            [-1535174, -1383313, -648872, -899988, 0, 0], // Statin
            [-687752, -482622, -437645, -334959, -1002139, -515032], // TreatedSbp110Up
            [1054746, 1393796, 697082, 1034168, 0, 0], // StatinNonHdl
            [-761119, -463501, -506382, -255406, 0, 0], // AgeNonHdl
            [307469, 205926, 327475, 247538, 0, 0], // AgeHdl
            [-905966, -1037717, -996442, -917441, -878765, -1262343], // AgeSbp110Up
            [-2241857, -1737697, -1924338, -1499195, -3036840, -2449514], // AgeDiabetes
            [-801860, -915839, -803539, -980890, -1178943, -1392217], // AgeSmoking
            [0, 0, 0, 0, -83450, 9592], // AgeBmi30Up
            [-1667286, -1637039, -1682586, -1305231, -1912183, -1917105], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [0, 0, 0, 0, 0, 0], // LnUacr
            [0, 0, 0, 0, 0, 0], // MissingUacr
            [1338348, 1315900, 1339055, 1157161, 1856442, 1652857], // Hba1cDiabetes
            [1622409, 1295185, 1596461, 1288303, 1833083, 1505859], // Hba1cNoDiabetes
            [-142496, -128373, 15678, -10001, -143112, -113444], // MissingHba1c
            [-33061620, -30409010, -38387460, -35183500, -42882250, -39619540], // Constant
        ],
        // 30yr
        [
            [5343493, 4519873, 4555574, 3883267, 6210856, 5703729], // Age
            [-952314, -1016240, -903501, -958114, -1000972, -1084544], // AgeSquared
            [298124, 700456, 1148321, 1613374, 0, 0], // NonHdl
            [-1578451, -968005, -1458754, -1144418, 0, 0], // Hdl
            [-1504488, -1923527, 89323, -474338, -3773697, -4471767], // SbpBelow110
            [3173368, 2827043, 3139029, 2691281, 2953160, 2910152], // Sbp110Up
            [4314738, 3417152, 3862810, 2859773, 5681692, 4507242], // Diabetes
            [3209399, 2105272, 2714309, 1759553, 3449139, 2595850], // Smoking
            [0, 0, 0, 0, 540094, 850676], // BmiBelow30
            [0, 0, 0, 0, 2497670, 2637222], // Bmi30Up
            [1771435, 1113291, 930987, -242898, 2875781, 2454706], // EgfrBelow60
            [582828, 640135, 532216, 644523, 692013, 675649], // Egfr60Up
            [2888947, 2334248, 1862181, 1428740, 3334936, 2611991], // Antihypertensive
            [-795886, -299421, 106964, 115062, 0, 0], // Statin
            [-600438, -393204, -329713, -233300, -922339, -408908], // TreatedSbp110Up
            [920598, 1228854, 583609, 899664, 0, 0], // StatinNonHdl
            [-696108, -463737, -463273, -275478, 0, 0], // AgeNonHdl
            [308807, 184599, 324717, 225730, 0, 0], // AgeHdl
            [-954051, -1085744, -1004777, -908020, -907885, -1241051], // AgeSbp110Up
            [-2763408, -2208049, -2266944, -1771894, -3554646, -2849461], // AgeDiabetes
            [-1623944, -1577978, -1541859, -1548847, -2008846, -2032308], // AgeSmoking
            [0, 0, 0, 0, -79611, -239714], // AgeBmi30Up
            [-1430514, -1179375, -1286005, -732754, -1568030, -1383010], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [0, 0, 0, 0, 0, 0], // LnUacr
            [0, 0, 0, 0, 0, 0], // MissingUacr
            [940543, 768169, 875827, 591089, 1448336, 1101184], // Hba1cDiabetes
            [1116486, 777295, 1126417, 821158, 1277838, 949198], // Hba1cNoDiabetes
            [-24798, 92204, 124356, 179755, -22589, 84192], // MissingHba1c
            [-13410590, -11807670, -20115330, -17777080, -21935530, -19749990], // Constant
        ],
    ],
    // uacr
    [
        // 10yr
        [
            [7969249, 7768655, 7201999, 7141718, 9145975, 9111795], // Age
            [0, 0, 0, 0, 0, 0], // AgeSquared
            [256635, 659949, 1135771, 1602194, 0, 0], // NonHdl
            [-1588107, -951111, -1493506, -1139086, 0, 0], // Hdl
            [-2255701, -4206670, -726677, -2719456, -4441346, -6693649], // SbpBelow110
            [3396649, 3120151, 3436259, 3058719, 3260323, 3290082], // Sbp110Up
            [8047515, 6985210, 7773094, 6600631, 9611365, 8377655], // Diabetes
            [5285338, 4314669, 4746662, 3884022, 5755787, 4978917], // Smoking
            [0, 0, 0, 0, 8831, -427490], // BmiBelow30
            [0, 0, 0, 0, 2988964, 3624165], // Bmi30Up
            [4803511, 3841364, 3824646, 2466316, 5915291, 5075796], // EgfrBelow60
            [434472, 93840, 394178, 151852, 556823, 137716], // Egfr60Up
            [2985207, 2676494, 2125182, 1861670, 3314097, 2739963], // Antihypertensive
            [-1497787, -1390966, -603046, -894395, 0, 0], // Statin
            [-742889, -579315, -466053, -411884, -1078596, -645712], // TreatedSbp110Up
            [1067560, 1383719, 733118, 1058212, 0, 0], // StatinNonHdl
            [-778126, -488332, -534262, -280890, 0, 0], // AgeNonHdl
            [306768, 200406, 325689, 240427, 0, 0], // AgeHdl
            [-907168, -1024540, -999887, -912325, -875231, -1230039], // AgeSbp110Up
            [-2705122, -2236355, -2411762, -2004894, -3568590, -3013297], // AgeDiabetes
            [-830564, -894850, -826941, -969360, -1220248, -1410318], // AgeSmoking
            [0, 0, 0, 0, -53637, 21531], // AgeBmi30Up
            [-1389249, -1321848, -1444737, -1022867, -1610389, -1548018], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [1793037, 1887974, 1501217, 1510073, 2197281, 2306299], // LnUacr
            [132073, 916979, 50257, 556000, 326667, 1472194], // MissingUacr
            [0, 0, 0, 0, 0, 0], // Hba1cDiabetes
            [0, 0, 0, 0, 0, 0], // Hba1cNoDiabetes
            [0, 0, 0, 0, 0, 0], // MissingHba1c
            [-37383410, -35107050, -41746140, -38514600, -48415060, -45569070], // Constant
        ],
        // 30yr
        [
            [5491768, 4644910, 4629669, 3995607, 6319513, 5750236], // Age
            [-937311, -998895, -902777, -945570, -1009284, -1062268], // AgeSquared
            [359847, 757606, 1215214, 1686692, 0, 0], // NonHdl
            [-1642965, -1031778, -1522069, -1202145, 0, 0], // Hdl
            [-1483404, -1990714, 92679, -555561, -3787175, -4633994], // SbpBelow110
            [3133530, 2715816, 3113609, 2633566, 2863393, 2742874], // Sbp110Up
            [6253766, 4754637, 5812560, 4362036, 7631221, 6122080], // Diabetes
            [3147172, 2069672, 2631670, 1716233, 3355843, 2614987], // Smoking
            [0, 0, 0, 0, 677084, 895459], // BmiBelow30
            [0, 0, 0, 0, 2517238, 2632424], // Bmi30Up
            [1094663, 331103, 391726, -775282, 1940067, 1430472], // EgfrBelow60
            [550705, 540474, 492959, 561236, 664006, 535184], // Egfr60Up
            [2782433, 2189911, 1786178, 1319331, 3171436, 2417468], // Antihypertensive
            [-786239, -331044, 131058, 102428, 0, 0], // Statin
            [-628947, -453400, -325135, -269294, -970661, -498574], // TreatedSbp110Up
            [932040, 1214535, 617093, 920557, 0, 0], // StatinNonHdl
            [-710685, -483995, -489189, -297021, 0, 0], // AgeNonHdl
            [306363, 178997, 321079, 217935, 0, 0], // AgeHdl
            [-951455, -1059324, -1003185, -893347, -896239, -1193827], // AgeSbp110Up
            [-3168231, -2492861, -2684574, -2081467, -4007430, -3166510], // AgeDiabetes
            [-1636391, -1561543, -1547301, -1542716, -2042041, -2046122], // AgeSmoking
            [0, 0, 0, 0, -54699, -216878], // AgeBmi30Up
            [-1265483, -1012429, -1130703, -597254, -1360200, -1165637], // AgeEgfrBelow60
            [0, 0, 0, 0, 0, 0], // MissingSdi
            [1142251, 1007571, 903471, 684872, 1486028, 1366452], // LnUacr
            [-55863, 572456, -145818, 193962, 116080, 1078355], // MissingUacr
            [0, 0, 0, 0, 0, 0], // Hba1cDiabetes
            [0, 0, 0, 0, 0, 0], // Hba1cNoDiabetes
            [0, 0, 0, 0, 0, 0], // MissingHba1c
            [-15837380, -13987270, -21788880, -18734490, -25389520, -23148720], // Constant
        ],
    ],
    // full
    [
        // 10yr
        [
            [7716794, 7847578, 7023067, 7128741, 8842090, 9095703], // Age
            [0, 0, 0, 0, 0, 0], // AgeSquared
            [62109, 534485, 898765, 1465201, 0, 0], // NonHdl
            [-1547756, -911282, -1407316, -1125794, 0, 0], // Hdl
            [-1933123, -4921973, -256648, -3387216, -4214740, -6765184], // SbpBelow110
            [3071217, 2972415, 3145110, 2980252, 3002919, 3111651], // Sbp110Up
            [4967530, 4527054, 4799217, 3995830, 6170359, 5535052], // Diabetes
            [4666050, 3726641, 4062049, 3379111, 5380269, 4326811], // Smoking
            [0, 0, 0, 0, -191335, -854286], // BmiBelow30
            [0, 0, 0, 0, 2764302, 3551736], // Bmi30Up
            [4780697, 3886854, 3847744, 2582604, 5975847, 5102245], // EgfrBelow60
            [529077, 81661, 495174, 147769, 654197, 154720], // Egfr60Up
            [3034892, 2508052, 2133861, 1686621, 3313614, 2570964], // Antihypertensive
            [-1556524, -1538484, -678552, -1073619, 0, 0], // Statin
            [-667026, -474695, -451416, -381038, -1002304, -591177], // TreatedSbp110Up
            [1061825, 1415382, 788187, 1034169, 0, 0], // StatinNonHdl
            [-742271, -436455, -535985, -228755, 0, 0], // AgeNonHdl
            [288245, 199549, 291762, 267453, 0, 0], // AgeHdl
            [-875188, -1022686, -961839, -897449, -845363, -1219056], // AgeSbp110Up
            [-2267102, -1762507, -2001466, -1497464, -2989062, -2437577], // AgeDiabetes
            [-676125, -715873, -586472, -772060, -1111354, -1053630], // AgeSmoking
            [0, 0, 0, 0, 8104, 37907], // AgeBmi30Up
            [-1493231, -1428668, -1537791, -1198368, -1666635, -1660207], // AgeEgfrBelow60
            [1804508, 1447590, 1588908, 1388492, 1819138, 1694628], // MissingSdi
            [1645922, 1772853, 1371824, 1375837, 1948135, 2164607], // LnUacr
            [198413, 1095674, 61613, 652944, 395368, 1702805], // MissingUacr
            [1298513, 1165698, 1231920, 1012820, 1766680, 1482970], // Hba1cDiabetes
            [1412555, 1048297, 1410572, 1092726, 1614911, 1234088], // Hba1cNoDiabetes
            [-31658, -230072, 58660, -112852, -10583, -234637], // MissingHba1c
            [-38603850, -36313870, -42915030, -39697880, -48965240, -46635130], // Constant
        ],
        // 30yr
        [
            [5073749, 4427595, 4386739, 3743566, 5927507, 5478829], // Age
            [-981751, -1064108, -921956, -995499, -1028754, -1111928], // AgeSquared
            [162303, 629381, 977728, 1544808, 0, 0], // NonHdl
            [-1617147, -1015427, -1453525, -1215297, 0, 0], // Hdl
            [-1111241, -2542326, 590925, -1083968, -3593781, -4547346], // SbpBelow110
            [2829460, 2549679, 2862862, 2555179, 2628556, 2527602], // Sbp110Up
            [4004069, 3338350, 3669136, 2696998, 5113472, 4385384], // Diabetes
            [2918701, 1873833, 2354695, 1628432, 3473440, 2397952], // Smoking
            [0, 0, 0, 0, 564656, 640931], // BmiBelow30
            [0, 0, 0, 0, 2363857, 2643081], // Bmi30Up
            [1017102, 246102, 354338, -775070, 1971295, 1354588], // EgfrBelow60
            [622643, 552014, 573093, 583407, 735227, 570689], // Egfr60Up
            [2872416, 1979729, 1840085, 1120322, 3219386, 2206660], // Antihypertensive
            [-768135, -407714, 117504, -25063, 0, 0], // Statin
            [-557282, -365522, -331945, -256116, -880321, -436769], // TreatedSbp110Up
            [917585, 1232822, 664311, 886745, 0, 0], // StatinNonHdl
            [-679131, -441334, -492826, -254507, 0, 0], // AgeNonHdl
            [290760, 177865, 288888, 244639, 0, 0], // AgeHdl
            [-907755, -1046657, -964709, -869146, -863132, -1168376], // AgeSbp110Up
            [-2702118, -2116113, -2279648, -1657450, -3425359, -2730055], // AgeDiabetes
            [-1373216, -1277905, -1204050, -1244714, -1814050, -1573691], // AgeSmoking
            [0, 0, 0, 0, 31285, -174998], // AgeBmi30Up
            [-1255864, -955922, -1157635, -624552, -1356989, -1128676], // AgeEgfrBelow60
            [1567115, 892410, 1308962, 845697, 1485802, 1076782], // MissingSdi
            [1028065, 894596, 810739, 560171, 1273306, 1233486], // LnUacr
            [-6181, 710124, -147785, 252244, 167008, 1274796], // MissingUacr
            [925285, 676202, 794709, 501422, 1378342, 985062], // Hba1cDiabetes
            [975598, 634090, 1002615, 722905, 1138832, 804844], // Hba1cNoDiabetes
            [101713, 38783, 173010, 114945, 138979, 22806], // MissingHba1c
            [-17484750, -15045580, -23140660, -19853680, -26422080, -24254390], // Constant
        ],
    ],
];

/// A published coefficient.
pub fn coefficient(variant: Variant, horizon: usize, term: usize, column: usize) -> f64 {
    f64::from(COEFFICIENTS[variant as usize][horizon][term][column]) / 1e7
}

/// PreventInputs in the model's units (lipids in mg/dL).
#[derive(Debug, Clone, Copy)]
pub struct PreventInputs {
    pub sex: Sex,
    pub age: f64,
    pub tc_mg_dl: f64,
    pub hdl_mg_dl: f64,
    pub sbp: f64,
    pub diabetes: bool,
    pub smoker: bool,
    pub egfr: f64,
    pub treated: bool,
    pub statin: bool,
    pub bmi: f64,
    /// HbA1c, % (the HbA1c or full model).
    pub hba1c: Option<f64>,
    /// Urine albumin-to-creatinine ratio, mg/g (the UACR or full model).
    pub uacr: Option<f64>,
}

impl PreventInputs {
    pub fn variant(&self) -> Variant {
        match (self.hba1c.is_some(), self.uacr.is_some()) {
            (false, false) => Variant::Base,
            (true, false) => Variant::Hba1c,
            (false, true) => Variant::Uacr,
            (true, true) => Variant::Full,
        }
    }

    /// The value of every term.
    pub fn terms(&self) -> [f64; TERMS] {
        let b = |v: bool| if v { 1.0 } else { 0.0 };
        let age = (self.age - 55.0) / 10.0;
        let non_hdl = (self.tc_mg_dl - self.hdl_mg_dl) * MMOL_PER_MG_DL - 3.5;
        let hdl = (self.hdl_mg_dl * MMOL_PER_MG_DL - 1.3) / 0.3;
        let sbp_ge = (self.sbp.max(110.0) - 130.0) / 20.0;
        let bmi_ge = (self.bmi.max(30.0) - 30.0) / 5.0;
        let egfr_lt = (self.egfr.min(60.0) - 60.0) / -15.0;
        let (dm, smk, trt, stat) = (b(self.diabetes), b(self.smoker), b(self.treated), b(self.statin));
        let hba1c = self.hba1c.map_or(0.0, |h| h - 5.3);
        [
            age,
            age * age,
            non_hdl,
            hdl,
            (self.sbp.min(110.0) - 110.0) / 20.0,
            sbp_ge,
            dm,
            smk,
            (self.bmi.min(30.0) - 25.0) / 5.0,
            bmi_ge,
            egfr_lt,
            (self.egfr.max(60.0) - 90.0) / -15.0,
            trt,
            stat,
            trt * sbp_ge,
            stat * non_hdl,
            age * non_hdl,
            age * hdl,
            age * sbp_ge,
            age * dm,
            age * smk,
            age * bmi_ge,
            age * egfr_lt,
            1.0,
            self.uacr.map_or(0.0, f64::ln),
            b(self.uacr.is_none()),
            hba1c * dm,
            hba1c * (1.0 - dm),
            b(self.hba1c.is_none()),
            1.0,
        ]
    }
}

/// Total CVD, ASCVD and heart-failure risks in percent (unrounded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Risks {
    pub cvd: f64,
    pub ascvd: f64,
    pub heart_failure: f64,
}

/// The risks over 10 ([`TEN_YEARS`]) or 30 ([`THIRTY_YEARS`]) years.
pub fn risks_over(x: &PreventInputs, horizon: usize) -> Risks {
    let terms = x.terms();
    let female = usize::from(x.sex == Sex::Male);
    let variant = x.variant();
    let percent = |outcome: usize| {
        let column = outcome * 2 + female;
        let sum: f64 = (0..TERMS).map(|t| coefficient(variant, horizon, t, column) * terms[t]).sum();
        100.0 / (1.0 + (-sum).exp())
    };
    Risks { cvd: percent(0), ascvd: percent(1), heart_failure: percent(2) }
}

/// The 10-year risks.
pub fn risks(x: &PreventInputs) -> Risks {
    risks_over(x, TEN_YEARS)
}

fn category(value: f64) -> &'static str {
    // PREVENT publishes no categories: the ACC/AHA 10-year cut-offs of the PCE are borrowed.
    super::pce::category(value)
}

pub static INFO: ModelInfo = ModelInfo {
    id: "prevent",
    name: Msg::new("AHA PREVENT 心血管病风险", "AHA PREVENT cardiovascular risk"),
    unit: ValueUnit::Percent,
    citation: "Khan SS, Matsushita K, Sang Y, et al. Development and validation of the American Heart Association's PREVENT equations. Circulation 2024;149(6):430–449. doi:10.1161/CIRCULATIONAHA.123.067626. eGFR: Inker LA, et al. N Engl J Med 2021;385:1737–1749 (CKD-EPI 2021).",
    edition: "PREVENT 2024: base, HbA1c, UACR and full models (chosen by the values present), 10-year total CVD as the value, 30-year risks for ages 30–59; cholesterol mg/dL = mmol/L ÷ 0.02586; categories borrowed from the ACC/AHA guidance for the Pooled Cohort Equations (5 / 7.5 / 20%), PREVENT itself publishes none",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: Some(TC_MMOL.0), max: Some(TC_MMOL.1), required: true },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: Some(HDL_MMOL.0), max: Some(HDL_MMOL.1), required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: Some(SBP.0), max: Some(SBP.1), required: true },
        InputInfo { field: "egfr", unit: "mL/min/1.73m²", min: Some(EGFR.0), max: Some(EGFR.1), required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
        InputInfo { field: "bmi", unit: "kg/m2", min: Some(BMI.0), max: Some(BMI.1), required: true },
        InputInfo { field: "hba1c", unit: "%", min: Some(HBA1C.0), max: Some(HBA1C.1), required: false },
        InputInfo { field: "uacr", unit: "mg/g", min: Some(UACR.0), max: Some(UACR.1), required: false },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "onStatin", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: super::pce::CATEGORIES,
    checklists: &[],
};

const SUMMARY: Msg = Msg::new(
    "按美国心脏协会 PREVENT 方程估算，你未来 10 年发生心血管病（包括心梗、卒中和心力衰竭）的风险约为 {}%，属于{}。",
    "By the American Heart Association PREVENT equations, your estimated chance of cardiovascular disease (heart attack, stroke or heart failure) in the next 10 years is about {}% ({}).",
);
const SUMMARY_30: Msg = Msg::new("未来 30 年约为 {}%。", " Over 30 years it is about {}%.");
const CATEGORIES_BORROWED: Msg = Msg::new(
    "PREVENT 本身不划分风险等级；这里的低危、临界、中危、高危借用了美国 ACC/AHA 指南为汇集队列方程（PCE）设定的 5%、7.5%、20% 分界。",
    "PREVENT defines no risk categories; the low, borderline, intermediate and high labels here borrow the 5%, 7.5% and 20% cut-offs of the ACC/AHA guidance for the Pooled Cohort Equations.",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    if common::has_ascvd(s) || common::has_heart_failure(s) {
        return Ok(Outcome::NotApplicable(common::KNOWN_CVD.text()));
    }
    let p = s.profile;
    // Order of checks (as in the Chinese models): age, then present values against the accepted
    // ranges, then absent measurements.
    let mut inputs = kit::Inputs::default();
    kit::age(s, &INFO, &mut inputs)?;
    kit::in_range("profile.totalCholesterol", p.total_cholesterol, TC_MMOL.0, TC_MMOL.1, "mmol/L (130–320 mg/dL)")?;
    kit::in_range("profile.hdlCholesterol", p.hdl_cholesterol, HDL_MMOL.0, HDL_MMOL.1, "mmol/L (20–100 mg/dL)")?;
    kit::in_range("profile.sbp", p.sbp, SBP.0, SBP.1, "mmHg")?;
    kit::in_range("profile.egfr", p.egfr, EGFR.0, EGFR.1, "mL/min/1.73m²")?;
    if let Some(v) = p.bmi() {
        // BMI is derived from height and weight (rounded to one decimal); the error names
        // `profile.bmi` so that the message can say which value is outside the range.
        common::check_range_eps("profile.bmi", v, BMI.0, BMI.1, "kg/m²")?;
    }
    kit::in_range("profile.hba1c", p.hba1c, HBA1C.0, HBA1C.1, "%")?;
    kit::in_range("profile.uacr", p.uacr, UACR.0, UACR.1, "mg/g")?;
    let tc = inputs.need("profile.totalCholesterol", p.total_cholesterol);
    let hdl = inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    let sbp = inputs.need("profile.sbp", p.sbp);
    let egfr = inputs.need("profile.egfr", p.egfr);
    inputs.need("profile.heightCm", p.height_cm);
    inputs.need("profile.weightKg", p.weight_kg);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let statin = inputs.yes("profile.onStatin", p.on_statin);
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let (Some(age), Some(tc), Some(hdl), Some(sbp), Some(egfr), Some(bmi)) = (s.age, tc, hdl, sbp, egfr, p.bmi()) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let (tc_mg, hdl_mg) = (tc / MMOL_PER_MG_DL, hdl / MMOL_PER_MG_DL);
    let x = PreventInputs {
        sex: p.sex,
        age,
        tc_mg_dl: tc_mg,
        hdl_mg_dl: hdl_mg,
        sbp,
        diabetes,
        smoker,
        egfr,
        treated,
        statin,
        bmi,
        hba1c: p.hba1c,
        uacr: p.uacr,
    };
    let r = risks(&x);
    let value = kit::round(r.cvd, 2);
    let cat = category(value);
    let thirty = (age <= THIRTY_YEAR_TO_AGE).then(|| risks_over(&x, THIRTY_YEARS));

    let mut factors = super::cv::factors(s, age, tc, hdl, sbp, treated, smoker, diabetes);
    factors.push(kit::factor(s, "egfr", &super::cv::EGFR, Some(json!(egfr)), None, false));
    factors.push(kit::factor(s, "bmi", &super::cv::BMI, Some(json!(bmi)), None, true));
    if statin {
        factors.push(kit::factor(s, "onStatin", &super::cv::STATIN, Some(json!(true)), None, false));
    }
    let label = common::inline_label(&INFO, cat);
    let mut summary = Text {
        zh: SUMMARY.fill(&[&num(value, 1), &label.zh]).zh,
        en: SUMMARY.fill(&[&num(value, 1), &label.en]).en,
    };
    if let Some(t) = &thirty {
        let more = SUMMARY_30.fill(&[&num(kit::round(t.cvd, 2), 1)]);
        summary.zh.push_str(&more.zh);
        summary.en.push_str(&more.en);
    }
    let score = |y: &PreventInputs| kit::round(risks(y).cvd, 2);
    let (what_if, combined) = super::cv::what_ifs(s, x, value, MMOL_PER_MG_DL, &score, &category);
    let mut details = json!({
        "model": x.variant().code(),
        "ascvd": kit::round(r.ascvd, 2),
        "heartFailure": kit::round(r.heart_failure, 2),
        "bmi": bmi,
        "totalCholesterolMgDl": kit::round(tc_mg, 1),
        "hdlCholesterolMgDl": kit::round(hdl_mg, 1),
        "mmolPerMgDl": MMOL_PER_MG_DL,
        "categoryCutoffs": [5.0, 7.5, 20.0],
        "categorySource": "ACC/AHA Pooled Cohort Equations guidance (Goff 2014)",
    });
    if let (Some(t), Some(d)) = (&thirty, details.as_object_mut()) {
        d.insert(
            "thirtyYear".into(),
            json!({ "totalCvd": kit::round(t.cvd, 2), "ascvd": kit::round(t.ascvd, 2), "heartFailure": kit::round(t.heart_failure, 2) }),
        );
    }
    let mut warnings = inputs.warnings(s);
    warnings.push(kit::warning(s, "CATEGORIES_BORROWED", &CATEGORIES_BORROWED.text()));
    warnings.push(kit::warning(s, "DERIVATION_POPULATION", &common::DERIVATION_POPULATION.text()));
    Ok(kit::scored(
        &INFO,
        s,
        &inputs,
        Parts { value, category: cat, summary, factors, what_if, combined, details: Some(details), warnings },
    ))
}

super::cv::changeable!(PreventInputs);

// ---------------------------------------------------------------------------------------------
// eGFR

/// `estimateEgfr` input: serum creatinine with its unit, age and sex.
#[derive(Debug, Clone, PartialEq, Read)]
#[serde(rename_all = "camelCase")]
pub struct EgfrInput {
    pub creatinine: f64,
    /// `mg/dL` or `umol/L` (`μmol/L` is read as `umol/L`).
    pub unit: String,
    pub age: f64,
    pub sex: Sex,
}

/// μmol/L per mg/dL of creatinine.
pub const CREATININE_UMOL_PER_MG_DL: f64 = 88.4;
/// Accepted creatinine (mg/dL) and ages of the equation (adults; preventr's 18–100).
pub const CREATININE_MG_DL: (f64, f64) = (0.1, 30.0);
pub const EGFR_AGES: (f64, f64) = (18.0, 100.0);

const EXPECTED_CREATININE_UNIT: Msg = Msg::new("应为 mg/dL 或 umol/L", "expected mg/dL or umol/L");

/// eGFR (mL/min/1.73 m²) by the CKD-EPI 2021 creatinine equation without race (Inker LA,
/// Eneanya ND, Coresh J, et al. N Engl J Med 2021;385:1737–1749): 142 × min(Scr/κ, 1)^α ×
/// max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 (women); κ 0.7 / 0.9, α −0.241 / −0.302 (women /
/// men); Scr in mg/dL. Rounded to a whole number (half up) as laboratories report it.
pub fn estimate_egfr(input: &EgfrInput) -> Result<f64> {
    let per_mg = match input.unit.trim() {
        "mg/dL" | "mg/dl" => 1.0,
        "umol/L" | "μmol/L" | "µmol/L" | "umol/l" => CREATININE_UMOL_PER_MG_DL,
        other => return Err(crate::error::Error::invalid("input.unit", other, &EXPECTED_CREATININE_UNIT)),
    };
    let (lo, hi) = (CREATININE_MG_DL.0 * per_mg, CREATININE_MG_DL.1 * per_mg);
    let unit = if per_mg == 1.0 { "mg/dL" } else { "μmol/L" };
    let scr = check_range("input.creatinine", input.creatinine, lo, hi, unit)? / per_mg;
    let age = check_range("input.age", input.age, EGFR_AGES.0, EGFR_AGES.1, "years")?;
    let (kappa, alpha, female) = match input.sex {
        Sex::Female => (0.7, -0.241, 1.012),
        Sex::Male => (0.9, -0.302, 1.0),
    };
    let ratio = scr / kappa;
    let egfr = 142.0 * ratio.min(1.0).powf(alpha) * ratio.max(1.0).powf(-1.2) * 0.9938f64.powf(age) * female;
    Ok(kit::round(egfr, 0))
}
