namespace DgBot.Core.Language;

/// <summary>
/// The words that tell one question from another, as DCIOs type them (with common slips and English). They are matched
/// on the question with every recognised name blanked out, so "บริการ" inside an agency's name never reads as a cue.
/// </summary>
internal static class Cues
{
    public static readonly string[] Greeting = ["ดีจ้า", "hello bot", "good afternoon", "good evening", "yo", "ทักทาย", "สวัสดี", "หวัดดี", "ดีครับ", "ดีค่ะ", "hello", "hi", "hey", "ขอบคุณ", "thank", "thanks", "good morning", "อรุณสวัสดิ์", "ยินดีที่ได้รู้จัก"];
    public static readonly string[] Help = ["what kinds of questions", "what can i ask", "can you answer", "how do i use", "คำถามแบบไหน", "ถามแบบไหน", "ไม่รู้จะถาม", "จะถามอะไร", "แนะนำหน่อย", "ถามอะไรดี", "เริ่มยังไง", "ช่วยอะไรได้", "ทำอะไรได้", "วิธีใช้", "help", "ถามอะไรได้", "ใช้งานยังไง", "ใช้ยังไง", "ใช้อย่างไร", "เมนู", "menu", "คุณคือใคร", "เป็นใคร", "what can you do", "ช่วยเหลือ", "แนะนำตัว", "ตัวอย่างคำถาม"];
    public static readonly string[] Mine = ["our rank", "our score", "our level", "we rank", "ของเราเอง", "เราอยู่", "เราได้", "เราติด", "ของเราเอง", "ของเรา", "our ", "หน่วยงานของฉัน", "หน่วยงานของผม", "หน่วยงานของเรา", "หน่วยงานเรา", "หน่วยงานผม", "หน่วยงานฉัน", "กรมของเรา", "กรมเรา", "กรมผม", "จังหวัดของเรา", "จังหวัดเรา", "จังหวัดของผม", "จังหวัดของฉัน", "จังหวัดผม", "my agency", "my department", "my province", "our agency", "our province", "ของเราเอง", "ที่ผมดูแล", "ที่ฉันดูแล", "ต้นสังกัดผม", "หน่วยงานหนู", "หน่วยงานของหนู"];
    public static readonly string[] SetContext = ["i'm on the", "team for", "i work for", "i'm from", "i am from", "ผมเป็นคนของ", "ฉันเป็นคนของ", "เป็นคนของ", "ผมประจำ", "ฉันประจำ", "ดิฉันประจำ", "หนูประจำ", "จำไว้", "ผมเปน", "ฉันเปน", "ดิฉันเปน", "หนูเปน", "ผมคือ", "ฉันคือ", "my unit is", "i'm the dcio", "i am the dcio", "i'm dcio", "i am dcio", "ผมเป็น", "ฉันเป็น", "ดิฉันเป็น", "หนูเป็น", "ผมอยู่", "ฉันอยู่", "ดิฉันอยู่", "หนูอยู่", "ผมมาจาก", "ฉันมาจาก", "ดิฉันมาจาก", "ผมทำงานที่", "ฉันทำงานที่", "ดิฉันทำงานที่", "ทำงานอยู่", "สังกัด", "i am", "i'm", "im from", "i work", "จำไว้ว่า", "ตั้งค่าหน่วยงาน", "หน่วยงานของฉันคือ", "หน่วยงานของผมคือ", "หน่วยงานเราคือ", "จังหวัดของเราคือ", "จังหวัดผมคือ", "ผมดูแล", "ฉันดูแล", "เป็นdcio", "เป็นpcio", "เป็นcio"];
    public static readonly string[] Subscribe = ["ตั้งเตือน", "ส่งมาบอก", "ส่ง line มาบอก", "แจ้งมา", "บอกด้วยถ้า", "แจ้งผม", "แจ้งฉัน", "alert me", "notify me", "send me alerts", "ส่งแจ้ง", "แจ้งเตือน", "alert", "subscribe", "notify", "notification", "เตือนด้วย", "เตือนผม", "เตือนฉัน"];
    public static readonly string[] Unsubscribe = ["stop sending", "stop alerts", "no more alerts", "unsubscribe me", "turn off alerts", "เลิกแจ้ง", "ไม่ต้องส่ง", "หยุดส่ง", "ไม่ต้องแจ้ง", "เลิกรับ", "ยกเลิกการแจ้งเตือน", "ยกเลิกแจ้งเตือน", "หยุดแจ้งเตือน", "ไม่ต้องแจ้งเตือน", "ไม่รับแจ้งเตือน", "ปิดการแจ้งเตือน", "ปิดแจ้งเตือน", "unsubscribe", "stop alert", "ไม่เอาแจ้งเตือน", "ยกเลิกการรับ", "เลิกเตือน", "ไม่ต้องเตือน", "หยุดเตือน", "ยกเลิกสมัคร"];

    public static readonly string[] Rank = ["อยู่ตรงไหน", "ตรงไหน", "where do we rank", "where does", "standing", "placed", "อันดับ", "ลำดับที่", "ที่เท่าไร", "ที่เท่าไหร่", "ที่เท่าไห", "ที่เท่าไร่", "rank", "ranking", "position", "ติดอันดับ", "เป็นที่เท่า", "อยู่ที่เท่า", "percentile", "เปอร์เซ็นไทล์", "แซง", "นำหน้า", "อันดบ", "อันดัป", "อันดัย", "ได้ที่", "ลำดับ"];
    public static readonly string[] Gaps = ["weakness", "weaknesses", "weak points", "ควรเสริม", "เสริมข้อไหน", "what to fix", "fix first", "improve", "ทำไม", "ได้แค่", "เพราะอะไร", "fix", "priority", "reach level", "ทำอะไรเพิ่ม", "ต้องทำอะไรให้", "ควรเริ่ม", "เริ่มจาก", "จะขึ้น", "what should", "how can", "how to improve", "ขาดอะไร", "ยังขาด", "ปรับตรงไหน", "แก้ตรงไหน", "ข้อที่ยังไม่ได้", "ข้อที่ขาด", "ได้คะแนนน้อย", "คะแนนน้อยเพราะ", "ควรปรับ", "ปรับปรุง", "ปรับอะไร", "จุดอ่อน", "ต้องทำอะไร", "ทำอะไรก่อน", "ทำอะไรบ้าง", "ขาดอะไร", "gap", "gaps", "ยกระดับ", "ขึ้นระดับ", "ให้ได้ระดับ", "เลื่อนระดับ", "พัฒนาอะไร", "ต้องแก้", "แก้อะไร", "อ่อนด้าน", "อ่อนตรงไหน", "weak", "improve", "ต้องเพิ่ม", "ทำยังไง", "ทำอย่างไร", "ข้อไหน", "เร่ง", "โฟกัส", "focus", "ควรทำ", "ควรพัฒนา", "ต้องพัฒนา", "ปิดช่องว่าง", "ช่องว่าง", "ด้านไหนต่ำ", "ด้านไหนอ่อน", "ต่ำสุดด้านไหน", "อ่อนสุด", "ไปต่อ", "next level", "level up", "ขึ้นไปอีก", "เพิ่มคะแนน", "คะแนนเพิ่ม", "จะได้ระดับ", "แนะนำให้"];
    public static readonly string[] Trend = ["ไทม์ไลน์", "ไทม์ไลน", "ไทมไลน์", "ตั้งแต่เริ่ม", "ตั้งแต่แรก", "ตั้งแต่รอบแรก", "ตั้งแต่ปีแรก", "กราฟแนวโน้ม", "ทุกรอบที่ผ่านมา", "the trend", "over the rounds", "each round", "ตั้งแต่ปี", "แต่ละรอบ", "ขึ้นลง", "ดีขึ้นหรือแย่ลง", "ถึงตอนนี้", "ถึงปัจจุบัน", "ที่ผ่านๆมา", "5 ปี", "ห้าปี", "ทุกปีที่ผ่านมา", "since", "ย้อนหลัง", "แนวโน้ม", "trend", "ทุกปี", "ทุกรอบ", "ตลอด", "พัฒนาการ", "หลายปี", "history", "historical", "timeline", "ปีต่อปี", "ที่ผ่านมา", "ต่อเนื่อง", "เปลี่ยนไปยังไง", "เปลี่ยนแปลง", "over time", "over the years", "กี่ปีที่ผ่านมา", "แต่ละปี", "รายปี"];
    public static readonly string[] Compare = ["เทียบ", "เปรียบเทียบ", "compare", "comparison", "vs", "versus", "ต่างกัน", "ต่างกับ", "ดีกว่า", "แย่กว่า", "เก่งกว่า", "สูงกว่า", "กับใคร", "side by side", "คู่กับ"];
    public static readonly string[] And = ["กับ", "และ", "and", "หรือ", "&"];
    public static readonly string[] Risk = ["มีสิทธิ์ตก", "มีสิทธิตก", "มีสิทธิ์ลด", "มีสิทธิ์ร่วง", "มีสิทธิ์หล่น", "ตกชั้นไหม", "ตกชั้นมั้ย", "จะตกชั้น", "เสี่ยงตกชั้น", "แนวโน้มหล่น", "แนวโน้มตก", "might slip", "slip", "may drop", "could drop", "likely to drop", "at risk of dropping", "ทำไมติด", "early warning", "warning", "ระวัง", "เฝ้าระวัง", "regress next", "likely to regress", "โอกาส", "chance", "likely", "drop a level", "drops a level", "จะตก", "จะลด", "รักษาระดับ", "น่าห่วง", "จะร่วง", "ร่วงไหม", "ตกไหม", "ความน่าจะเป็น", "probability", "at risk", "น่าเป็นห่วง", "เสียง", "เสี่ยง", "risk", "ความเสี่ยง", "จะตกระดับ", "จะหล่น", "จะลดระดับ", "อาจตก", "อาจลด", "อาจจะตก", "อาจจะลด", "น่าจะตก", "น่าจะลด", "แนวโน้มตก", "แนวโน้มลด", "watchlist", "เฝ้าระวัง", "ต้องจับตา", "จับตา", "คาดว่าจะ", "แนวโน้มร่วง", "แนวโน้มถดถอย", "แนวโน้มถอย", "แนวโน้มแย่ลง", "แนวโน้มดิ่ง"];
    /// <summary>"มีแนวโน้ม(ที่จะ)…": with a downward verb the question is about what may happen, not what did.</summary>
    public static readonly string[] Tendency = ["มีแนวโน้ม", "แนวโน้มจะ", "แนวโน้มที่จะ", "แนวโน้มว่าจะ", "likely to", "tend to", "tends to"];
    public static readonly string[] RiskLater = ["ทำนาย", "predict", "รอบหน้า", "ปีหน้า", "next round", "next year", "ปีต่อไป", "รอบถัดไป"];
    public static readonly string[] Negation = ["ยกเลิกอัน", "เอาออก", "ลบการ", "ยกเลิก", "เลิก", "หยุด", "ไม่ต้อง", "ไม่เอา", "ปิด", "stop", "cancel", "turn off", "no more", "พอแล้ว"];
    public static readonly string[] Profile = ["ระดับ", "คะแนน", "ผล", "level", "score", "เท่าไร", "เท่าไหร่", "ยังไงบ้าง", "เป็นยังไง", "เป็นไง", "อย่างไร", "ได้กี่", "สรุป", "profile", "status", "ภาพรวม", "ข้อมูล", "ดูหน่อย", "ขอดู", "how is", "how did", "ผลประเมิน", "ผลสำรวจ", "ระดบ", "คะแนนน"];
    public static readonly string[] Overall = ["อันดับรวม", "รวมทุกด้าน", "ทุกด้านรวม", "ภาพรวม", "overall", "รวมทั้งหมด", "คะแนนรวม", "ระดับรวม"];
    public static readonly string[] FollowUpStart = ["แล้ว", "ส่วน", "และ", "whatabout", "howabout", "and", "แล้วก็", "งั้น", "ถ้า"];
    public static readonly string[] FollowUpEnd = ["ล่ะ", "ละ", "หล่ะ", "ล่า", "บ้างล่ะ", "ด้วยล่ะ"];
    public static readonly string[] FollowUpAnywhere = ["ด้านนี้", "มิตินี้", "ตัวชี้วัดนี้", "ระดับนี้", "ปีนี้ล่ะ", "อีกไหม", "อีกบ้าง", "ที่เหลือ", "the same", "same for"];
    public static readonly string[] Who = ["ใคร", "ไหน", "who", "which"];
    public static readonly string[] Both = ["สองจังหวัดนี้", "สองกรมนี้", "สองหน่วยงานนี้", "ทั้งสอง", "ทั้งคู่", "both", "the two"];
    public static readonly string[] OtherSurvey = ["ita", "egdi", "un e-government", "o-net", "โอเน็ต", "ดัชนีคอร์รัปชัน", "cpi", "pisa", "ผลสอบ", "การประเมินคุณธรรม"];
    public static readonly string[] Why = ["ทำไม", "เพราะอะไร", "why", "เหตุผล", "สาเหตุ"];
    public static readonly string[] GapsStrong = ["ควรปรับ", "ปรับปรุง", "ต้องทำอะไร", "ทำอะไรก่อน", "ควรทำ", "แก้อะไร", "how to improve", "what should"];
    public static readonly string[] ThisLevel = ["ระดับนี้", "ระดับดังกล่าว", "ระดับเดียวกัน", "this level"];
    public static readonly string[] ThisTopic = ["ด้านนี้", "มิตินี้", "ตัวชี้วัดนี้", "เรื่องนี้", "this pillar"];
    public static readonly string[] Only = ["เฉพาะ", "เอาเฉพาะ", "only ", "just ", "แค่"];
    public static readonly string[] Add = ["เพิ่ม", "add ", "รวมด้วย", "ใส่", "อีกแห่ง", "also"];

    public static readonly string[] Top = ["เด่นสุด", "เด่นที่สุด", "ใครนำ", "เก่ง", "อันดับ 1", "ที่ 1", "number one", "top-", "top", "ท็อป", "ท๊อป", "ดีที่สุด", "สูงสุด", "สูงที่สุด", "เก่งที่สุด", "เก่งสุด", "ดีสุด", "อันดับต้น", "อันดับแรก", "อันดับหนึ่ง", "ที่หนึ่ง", "ที่1", "best", "highest", "bottom", "worst", "lowest", "ต่ำที่สุด", "ต่ำสุด", "แย่ที่สุด", "แย่สุด", "ท้ายสุด", "ท้ายตาราง", "รั้งท้าย", "อันดับท้าย", "อันดับสุดท้าย", "น้อยที่สุด", "อ่อนที่สุด", "หัวแถว", "ท้ายแถว", "นำโด่ง", "leader", "leading", "แชมป์", "คะแนนสูง", "คะแนนต่ำ", "บ๊วย"];
    public static readonly string[] Best = ["เด่น", "ใครนำ", "ดีที่สุด", "สูงสุด", "สูงที่สุด", "เก่ง", "ดีสุด", "อันดับต้น", "อันดับแรก", "top", "best", "highest", "หัวแถว", "นำ", "แชมป์", "คะแนนสูง"];
    public static readonly string[] Worst = ["bottom", "worst", "lowest", "ต่ำที่สุด", "ต่ำสุด", "แย่ที่สุด", "แย่สุด", "ท้ายสุด", "ท้ายตาราง", "รั้งท้าย", "อันดับท้าย", "อันดับสุดท้าย", "น้อยที่สุด", "อ่อนที่สุด", "ท้ายแถว", "คะแนนต่ำ", "บ๊วย", "ล่างสุด"];
    public static readonly string[] RankWord = ["อันดับ", "ลำดับ", "top", "ท็อป"];
    public static readonly string[] List = ["รายชื่อ", "ไหนบ้าง", "อะไรบ้าง", "ใครบ้าง", "มีใคร", "ได้แก่", "list", "which", "ลิสต์", "ลิส", "แห่งไหน", "หน่วยงานไหน", "จังหวัดไหน", "กรมไหน", "ที่ไหนบ้าง", "รายการ", "ขอชื่อ", "บอกชื่อ", "ชื่ออะไร", "who are", "show me", "แสดง", "ไล่", "ใครบ้าง", "มีไหนบ้าง"];
    public static readonly string[] Count = ["กี่หน่วยงาน", "กี่จังหวัด", "กี่กรม", "กี่แห่ง", "กี่ราย", "กี่เปอร์เซ็นต์", "กี่%", "กี่ %", "จำนวน", "สัดส่วน", "ร้อยละ", "เปอร์เซ็นต์", "how many", "percentage", "share", "proportion", "กี่ที่", "กี่อัน", "มีกี่", "ทั้งหมดกี่"];
    public static readonly string[] Distribution = ["เยอะสุด", "มากสุด", "ส่วนไหญ่", "ระดับไหนกัน", "กระจายตัว", "การกระจาย", "กระจาย", "distribution", "แต่ละระดับ", "แยกตามระดับ", "ทุกระดับ", "ภาพรวมประเทศ", "ภาพรวมทั้งประเทศ", "ทั้งประเทศ", "ระดับประเทศ", "ภาพรวมของ", "แยกตาม", "แยกเป็น", "breakdown", "by level", "สถิติ", "ค่าเฉลี่ย", "เฉลี่ย", "average", "ส่วนใหญ่", "โดยรวม"];
    public static readonly string[] Share = ["เท่าไร", "เท่าไหร่", "usage", "กี่", "%", "how many", "share", "ratio", "rate", "ใช้กัน", "มีกี่", "กันบ้าง"];
    public static readonly string[] ReportWords = ["ในรายงาน", "ตามรายงาน", "รายงานบอก", "รายงานว่า", "รายงานพูด", "รายงานสรุป", "ตัวเลขในรายงาน", "per the report", "published figure", "published figures", "ตัวเลขเรื่อง", "รายงาน", "ตัวเลขทางการ", "ตัวเลขทางการ", "สพร.บอก", "สพร บอก", "ผลสำรวจปี 2567 บอก", "report", "published", "ที่เผยแพร่"];
    public static readonly string[] LevelWord = ["ระดับ", "level", "ขั้น"];
    public static readonly string[] ScoreWord = ["คะแนน", "score", "อันดับ", "rank"];
    public static readonly string[] Movers = ["พุ่งขึ้น", "พุ่งแรง", "ดาวรุ่ง", "ตกชั้น", "ดิ่งลง", "ถอยหลัง", "ปรับตัวดีขึ้น", "ขึ้นเยอะ", "ลดเยอะ", "กระโดด", "ตกบ้าง", "ขึ้นบ้าง", "ลดบ้าง", "ระดับลดลง", "ระดับเพิ่มขึ้น", "ตกระดบ", "ขยับ", "เลื่อนขึ้น", "เลื่อนลง", "ระดับขึ้น", "ระดับลด", "ระดับตก", "ขึ้นระดับ", "ตกระดับ", "ลดระดับ", "ลดลงระดับ", "ร่วงระดับ", "หล่น", "ร่วง", "moved up", "moved down", "improved", "declined", "dropped", "regressed", "movers", "upgrade", "downgrade", "ก้าวกระโดด", "พัฒนาขึ้น", "ถดถอย", "ดีขึ้น", "แย่ลง", "ลดลง", "เพิ่มขึ้น"];
    public static readonly string[] Improved = ["พุ่งขึ้น", "พุ่งแรง", "ดาวรุ่ง", "ปรับตัวดีขึ้น", "กระโดดขึ้น", "ขึ้น", "ดีขึ้น", "เพิ่ม", "improved", "up", "upgrade", "พัฒนาขึ้น", "ก้าวกระโดด", "rose", "risen", "climb"];
    public static readonly string[] Regressed = ["ตกชั้น", "ดิ่ง", "ถอยหลัง", "ลด", "ตก", "หล่น", "ร่วง", "แย่ลง", "ถดถอย", "declined", "dropped", "regressed", "down", "downgrade", "fell", "ถอย"];
    public static readonly string[] Recommend = ["policy recs", "recs", "recommendations on", "recommendation on", "ข้อเสนอเรื่อง", "รายงานเสนอ", "เสนอให้", "ตามที่รายงานเสนอ", "ข้อเสนอเชิงนโยบาย", "ข้อเสนอของรายงาน", "ขอ้เสนอ", "แนะนำให้ทำอะไร", "แนะนำอะไร", "ข้อเสนอแนะ", "ข้อเสนอ", "recommendation", "recommendations", "recommend", "สพร.แนะนำ", "รายงานแนะนำ", "แนะนำอะไร", "ข้อแนะนำ", "คำแนะนำ", "นโยบายที่เสนอ", "เสนอแนะ", "policy recommendation", "ควรทำอะไรในภาพรวม", "ทิศทางนโยบาย"];
    public static readonly string[] Describe = ["ลักษณะ", "ต้องมีอะไร", "หมายถึงยังไง", "what does it mean", "what is the meaning", "คือ?", "วัดยังไง", "วัดอย่างไร", "วัดจากอะไร", "how is it measured", "คืออะไรครับ", "แปลว่า", "means", "mean", "ตัวชี้วัดย่อยอะไรบ้าง", "มีตัวชี้วัดย่อย", "sub-indicators", "sub indicators", "คือระดับ", "มีกี่ระดับ", "กี่ด้าน", "กี่มิติ", "มีกี่ตัวชี้วัด", "หมายถึง", "คืออะไร", "คือ อะไร", "ความหมาย", "อธิบาย", "what is", "what does", "what's", "meaning", "define", "definition", "วัดอะไร", "ประกอบด้วย", "มีอะไรบ้าง", "เกณฑ์", "นิยาม", "หมายความว่า", "คืออัลไล", "คือไร", "ดูจากอะไร", "explain", "เกี่ยวกับอะไร", "หมายถึงอะไร"];
    /// <summary>What a level, pillar or sub-indicator requires ("ขั้นสูงสุดต้องเป็นยังไง", "ธรรมาภิบาลข้อมูลเค้าดูอะไรบ้าง"): a description
    /// when no unit is in question, while with a unit in focus "ต้องทำอะไรบ้าง" asks for its gaps.</summary>
    public static readonly string[] DescribeAsk = ["ต้องเป็นยังไง", "ต้องเป็นอย่างไร", "ต้องเป็นแบบไหน", "ต้องมีอะไรบ้าง", "ต้องทำอะไรบ้าง", "ต้องทำยังไง", "ต้องทำอย่างไร", "ต้องมีลักษณะ", "ดูเรื่องอะไร", "ดูเรื่องไหน", "วัดเรื่องอะไร", "วัดเรื่องไหน", "ประเมินเรื่องอะไร", "เน้นเรื่องอะไร", "ครอบคลุมเรื่องอะไร", "ครอบคลุมอะไร", "พูดถึงเรื่องอะไร", "ดูอะไรบ้าง", "ดูอะไร", "ดูยังไง", "ดูจาก", "ประเมินอะไร", "ประเมินยังไง", "ประเมินอย่างไร", "ประเมินจาก", "พิจารณาอะไร", "พิจารณาจาก", "ให้คะแนนยังไง", "วัดผลยังไง", "what does it take", "what is required", "requirements", "what do they look at", "what is assessed"];
    public static readonly string[] FrameworkQuestion = ["มีกี่ระดับ", "กี่ระดับ", "กี่ด้าน", "กี่มิติ", "มีกี่ตัวชี้วัด", "ตัวชี้วัดย่อยอะไรบ้าง", "มีตัวชี้วัดย่อย", "กรอบการประเมิน", "how many levels", "how many pillars"];
    public static readonly string[] Framework = ["ตัวชี้วัด", "มิติ", "กรอบ", "framework", "pillar", "ระดับขั้น", "ขั้นริเริ่ม", "ขั้นสูงสุด", "maturity", "5 ระดับ", "ห้าระดับ", "7 ด้าน", "เจ็ดด้าน", "7 มิติ"];

    public static readonly string[] ByType = ["แยกตามประเภท", "แต่ละประเภท", "ตามประเภท", "รายประเภท", "by type", "per type", "แยกประเภท", "ประเภทหน่วยงาน", "by agency type", "per agency type", "แยกตาม type", "แยกตาม agency type", "ตาม agency type", "by types"];
    public static readonly string[] ByMinistry = ["แยกตามกระทรวง", "แต่ละกระทรวง", "รายกระทรวง", "ตามกระทรวง", "by ministry", "per ministry", "ทุกกระทรวง", "by ministries", "แยกตาม ministry", "ตาม ministry", "per ministries"];
    public static readonly string[] ByRegion = ["แยกตามภาค", "แต่ละภาค", "รายภาค", "ตามภาค", "by region", "per region", "ทุกภาค", "by regions", "แยกตาม region", "ตาม region"];
    public static readonly string[] ByMission = ["แยกตามพันธกิจ", "แยกตามภารกิจ", "ตามภารกิจ", "ตามพันธกิจ", "by mission", "ภารกิจหลัก", "แยกภารกิจ", "per mission", "by missions", "แยกตาม mission", "ตาม mission", "by mission type"];

    /// <summary>A group statistic (group_summary) or, with a unit, the unit against its group (unit_vs_group).</summary>
    public static readonly string[] Average = ["ค่าเฉลี่ย", "เฉลี่ย", "average", "avg", "mean"];
    public static readonly string[] Median = ["มัธยฐาน", "median", "ค่ากลาง"];
    /// <summary>Summary figures of a group without one statistic named.</summary>
    public static readonly string[] GroupStatistics = ["สรุปสถิติ", "สถิติคะแนน", "summary statistics", "คะแนนเฉลี่ยและ", "descriptive statistics"];
    /// <summary>"คะแนนต่ำสุด/สูงสุดเท่าไร": the number itself, not who got it.</summary>
    public static readonly string[] StatMin = ["คะแนนต่ำสุด", "คะแนนน้อยสุด", "คะแนนต่ำที่สุด", "lowest score", "minimum score", "min score"];
    public static readonly string[] StatMax = ["คะแนนสูงสุด", "คะแนนสูงที่สุด", "คะแนนมากสุด", "highest score", "maximum score", "max score"];
    public static readonly string[] HowMuch = ["เท่าไร", "เท่าไหร่", "เท่าใด", "กี่คะแนน", "how much", "what is", "what's", "อยู่ที่"];
    /// <summary>"กระทรวงไหน…มากที่สุด": a ranking of groups, not of units.</summary>
    public static readonly string[] WhichMinistry = ["กระทรวงไหน", "กระทรวงใด", "which ministry", "which ministries"];
    public static readonly string[] WhichRegion = ["ภาคไหน", "ภาคใด", "which region", "which regions"];
    public static readonly string[] WhichType = ["ประเภทไหน", "ประเภทใด", "which type", "which agency type"];
    public static readonly string[] WhichMission = ["ภารกิจไหน", "ภารกิจใด", "กลุ่มภารกิจไหน", "which mission"];
    public static readonly string[] Most = ["มากที่สุด", "มากสุด", "เยอะที่สุด", "เยอะสุด", "น้อยที่สุด", "น้อยสุด", "most", "fewest", "the least", "สูงสุด", "สูงที่สุด", "ต่ำสุด", "ต่ำที่สุด", "ดีที่สุด", "ดีสุด", "แย่ที่สุด", "highest", "lowest", "best", "worst"];
    /// <summary>A unit against the others of its group: "เทียบกับหน่วยงานอื่นในกระทรวง", "เทียบกับเพื่อนในภาค".</summary>
    public static readonly string[] Peers = ["หน่วยงานอื่น", "จังหวัดอื่น", "กรมอื่น", "ที่อื่นใน", "เพื่อนร่วม", "เพื่อนใน", "ด้วยกัน", "other departments", "other provinces", "other agencies", "its peers", "peer group", "เพื่อนๆ", "อื่นๆ", "อื่น", "ทุกจังหวัด", "ทุกหน่วยงาน"];
    /// <summary>The whole population as the group: "ทั้งประเทศ", "among all departments".</summary>
    public static readonly string[] ScopeAll = ["ทั้งประเทศ", "ทั่วประเทศ", "ระดับประเทศ", "ทุกหน่วยงาน", "ทุกจังหวัด", "ทุกกรม", "ภาพรวมประเทศ", "among all", "all departments", "all provinces", "all agencies", "nationwide", "nationally", "national average", "country"];

    public static readonly string[] ScopeMinistry = ["within the ministry", "within our ministry", "in our ministry", "within its ministry", "in its ministry", "its ministry", "ในกระทรวงเรา", "within the", "ในกระทรวง", "ในสังกัด", "กระทรวงเดียวกัน", "ภายในกระทรวง", "within ministry", "in ministry", "in the ministry", "ในกระทรวงเดียวกัน", "ในต้นสังกัด"];
    public static readonly string[] ScopeRegion = ["ของภาค", "ทั้งภาค", "ในภาคนี้", "ในภาค", "ภาคเดียวกัน", "ภายในภาค", "in region", "in the region", "within region", "in its region", "within its region", "its region", "ในภูมิภาค", "ระดับภาค"];
    public static readonly string[] ScopeType = ["among", "ในหมู่", "เมื่อเทียบกับหน่วยงานประเภท", "ประเภทเดียวกัน", "ด้วยกัน", "กลุ่มเดียวกัน", "ในกลุ่ม", "same type", "ในประเภท", "peer", "peers", "ประเภทเดียว"];
    public static readonly string[] ScopeMission = ["ภารกิจแบบเดียวกัน", "ภารกิจเหมือนกัน", "ภารกิจคล้ายกัน", "ภารกิจเดียวกัน", "พันธกิจเดียวกัน", "ภารกิจคล้าย", "same mission", "ในกลุ่มภารกิจ"];

    /// <summary>Everyday topics far from the survey: the question is out of scope even when it names a province.</summary>
    public static readonly string[] OffTopic = ["สลาก", "เลขเด็ด", "งวดนี้", "ผลรางวัล", "ผลบอล", "ทายผล", "ฟุตบอลคืนนี้", "หุ้น", "passport", "พาสปอร์ต", "สมัครงาน", "ร้าน", "อร่อย", "ด่า", "นินทา", "อธิบดีคนต่อไป", "ได้เป็นอธิบดี", "แต่งตั้งอธิบดี", "ย้ายไปไหน", "ซุบซิบ", "นายก", "ฝน", "weather", "อากาศ", "พยากรณ์", "ฝนตก", "weather", "หวย", "ลอตเตอรี่", "สลากกินแบ่ง", "lottery", "ฟุตบอล", "บอลเมื่อคืน", "ราคาทอง", "ราคาน้ำมัน", "หุ้น", "stock", "เลือกตั้ง", "การเมือง", "พรรค", "นายกรัฐมนตรีคนไหน", "สูตรอาหาร", "ร้านอาหาร", "ที่เที่ยว", "เที่ยวไหนดี", "โรงแรม", "เขียนโค้ด", "write code", "python", "javascript", "แปลภาษา", "translate", "จดหมายลาออก", "เขียนกลอน", "แต่งเพลง", "ดูดวง", "horoscope", "เงินกู้", "สมัครงาน", "เงินเดือนข้าราชการ", "เกม", "หนัง", "movie", "recipe"];

    /// <summary>Requests to change or invent numbers: refused whatever else the question asks.</summary>
    public static readonly string[] Tamper = ["set the risk", "set the score", "set the level", "set the rank", "set risk", "set score", "set level", "set his", "set their", "change the risk", "change the level", "แก้ในระบบ", "ให้เป็นระดับ", "แต่งเอา", "ไม่ต้องอ้างอิง", "แก้คะแนน", "แก้ไขคะแนน", "เปลี่ยนคะแนน", "ปลอมคะแนน", "แต่งตัวเลข", "มั่วตัวเลข", "กุตัวเลข", "สร้างตัวเลข", "ปรับตัวเลขให้", "แก้ข้อมูลให้", "แก้ผล", "เพิ่มคะแนนให้", "ให้ดูดีขึ้น", "make up numbers", "fake the", "change the score", "edit the score", "แก้อันดับ", "แก้ไขอันดับ", "เปลี่ยนอันดับ", "ปลอมอันดับ", "แก้ระดับให้", "แก้ไขระดับ", "เปลี่ยนระดับให้", "ปลอมระดับ", "แก้ตัวเลข", "แก้ไขตัวเลข", "เปลี่ยนตัวเลข", "ปลอมตัวเลข", "เปลี่ยนผล", "change the rank", "edit the rank", "change the numbers", "alter the"];

    /// <summary>"ที่ใช้ TikTok", "ที่มี DPO": with a population word, an item's share is asked even without "กี่ %".</summary>
    public static readonly string[] Uses = ["ที่ใช้", "ใช้", "ที่มี", "มีการ", "ที่ทำ", "แต่งตั้ง", "using", "use", "have"];

    public static readonly string[] Injection = ["as admin", "user is admin", "i am admin", "i'm admin", "i am the admin", "show all hidden", "hidden data", "สมมติว่าคุณเป็น", "ไม่มีข้อจำกัด", "forget the roster", "i'm dga staff", "คุณคือผู้ดูแลระบบ", "you are admin", "as an admin", "show me the system prompt", "system prompt", "### system", "system:", "ignore previous", "ignore all", "ignore the above", "ignore your", "disregard", "forget your instructions", "system prompt", "ลืมคำสั่ง", "ไม่ต้องสนคำสั่ง", "เพิกเฉยคำสั่ง", "ละเลยคำสั่ง", "คำสั่งก่อนหน้า", "you are now", "jailbreak", "developer mode", "dan mode", "pretend", "แกล้งทำ", "สวมบทบาท", "act as", "prompt ของคุณ", "พรอมต์", "เปิดเผยคำสั่ง", "ลบข้อมูล", "delete all", "drop table", "rm -rf", "ลืมกฎ", "ลืมกติกา", "ไม่ต้องสนกฎ", "ไม่ต้องสนใจกฎ", "ไม่ต้องทำตามกฎ", "ไม่ต้องสนใจคำสั่ง", "ข้ามกฎ", "เพิกเฉยกฎ", "ละเลยกฎ", "แหกกฎ", "ฝ่าฝืนกฎ", "forget the rules", "forget all rules", "ignore the rules", "break the rules"];
    public static readonly string[] Private = ["อีเมล", "email", "ข้อมูลผู้ใช้", "ผู้ใช้ทุกคน", "every user", "line id", "ไลน์ไอดี", "user's", "users'", "user ทั้งหมด", "ผู้ใช้ทั้งหมด", "รายชื่อ user", "รายชื่อผู้ใช้", "all users", "list users", "ใครใช้ระบบ", "export", "ฐานข้อมูลทั้งหมด", "dump", "ดาวน์โหลดฐานข้อมูล", ".db", "ไฟล์ฐานข้อมูล", "บ้านอยู่ไหน", "ที่อยู่ของ", "ชื่อจริง", "รหัสผ่าน", "password", "passwd", "token", "api key", "apikey", "secret", "เบอร์โทร", "เบอร์มือถือ", "เลขบัตรประชาชน", "ที่อยู่บ้าน", "อีเมลของ", "ประวัติการแชท", "แชทของคนอื่น", "คำถามของคนอื่น", "คนอื่นถาม", "ใครถาม", "ข้อมูลส่วนตัวของ", "เงินเดือน", "salary", "ip address", "connection string", "ผู้ใช้คนอื่น", "user อื่น", "log ของ"];

    /// <summary>Terms of the report's published figures (data/reference/figure_topics.csv), longest first.</summary>
    public static readonly string[] FigureTopics = new[]
    {
        "อัตราการตอบกลับ", "อัตราตอบกลับ", "ตอบกลับ", "อัตราการตอบ", "response rate", "responded", "สำรวจกี่หน่วยงาน", "จำนวนที่สำรวจ", "ตอบแบบสำรวจ", "ส่งแบบสำรวจ", "ร่วมตอบ",
        "บุคลากรไอที", "บุคลากรด้านไอที", "เจ้าหน้าที่ไอที", "คนไอที", "บุคลากรด้านเทคโนโลยีสารสนเทศ", "it staff", "กำลังคนไอที", "บุคลากรดิจิทัล",
        "ปัญหาอุปสรรค", "อุปสรรค", "obstacle", "obstacles", "ปัญหา", "ข้อจำกัด",
        "คลาวด์กลาง", "คลาวด์", "cloud", "gdcc",
        "dcio", "ผู้บริหารเทคโนโลยีสารสนเทศระดับกรม", "cio ระดับกรม", "ซีไอโอ", "pcio", "cio จังหวัด",
        "ข้อมูลเปิด", "open data", "โอเพนดาต้า", "ธรรมาภิบาลข้อมูล", "data governance", "pdpa", "ข้อมูลส่วนบุคคล",
        "ปัญญาประดิษฐ์", "เอไอ", "ai", "บล็อกเชน", "blockchain", "iot", "5g", "บิ๊กดาต้า", "big data",
        "ทำงานจากที่ไหนก็ได้", "wfa", "work from anywhere", "สารบรรณ", "เว็บไซต์", "website", "ทักษะดิจิทัล", "dg-sa", "สำเนา", "กลุ่มเปราะบาง",
        "งบประมาณ", "budget", "ตามรายงาน", "รายงานบอก", "รายงานระบุ", "ในรายงาน", "ตัวเลขในรายงาน", "ตัวเลขรายงาน", "report",
    }.OrderByDescending(t => t.Length).ToArray();

    /// <summary>Words for the recommendation areas, mapped to the word the report's areas are searched by.</summary>
    public static readonly (string Term, string Area)[] RecommendationAreas =
    [
        ("มีส่วนร่วม", "มีส่วนร่วม"), ("participation", "มีส่วนร่วม"), ("แลกเปลี่ยนข้อมูล", "ข้อมูล"), ("ข้อมูล", "ข้อมูล"), ("data", "ข้อมูล"),
        ("ทักษะ", "ทักษะ"), ("skills", "ทักษะ"), ("skill", "ทักษะ"), ("อบรม", "อบรม"), ("training", "อบรม"), ("บุคลากร", "บุคลากร"), ("คนไอที", "บุคลากร"), ("กำลังคน", "บุคลากร"), ("staff", "บุคลากร"),
        ("บริการ", "บริการ"), ("service", "บริการ"), ("onestop", "บริการ"), ("ปัญญาประดิษฐ์", "AI"), ("เอไอ", "AI"), ("ai", "AI"),
        ("งบประมาณ", "งบประมาณ"), ("budget", "งบประมาณ"), ("โครงสร้างพื้นฐาน", "โครงสร้างพื้นฐาน"), ("ไซเบอร์", "ไซเบอร์"), ("กฎหมาย", "กฎหมาย"),
        ("คลาวด์", "คลาวด์"), ("ด้านอื่น", "อื่น"), ("อื่นๆ", "อื่น"),
    ];
}

/// <summary>Compact and loose forms of each cue, computed once per list.</summary>
internal static class CueKeys
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string[], (string Key, string Loose)[]> Keys = new();

    public static (string Key, string Loose)[] For(string[] cues) =>
        Keys.GetValue(cues, list => list.Select(c => (Gazetteer.Compact(c), Gazetteer.Loose(Gazetteer.Compact(c)))).Where(k => k.Item1.Length > 0).ToArray());
}
