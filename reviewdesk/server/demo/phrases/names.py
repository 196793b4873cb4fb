"""Given and family names per language, in the script each language is written in."""

from __future__ import annotations

GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Emily", "James", "Olivia", "Liam", "Chloe", "Noah", "Grace", "Ethan", "Hannah",
           "Daniel", "Zoe", "Ryan", "Amelia", "Connor", "Sophie", "Marcus", "Ava", "Tom"),
    "es": ("Lucía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Sofía", "Javier",
           "Martina", "Alejandro", "Paula", "Andrés", "Carmen", "Tomás", "Ximena", "Hugo"),
    "fr": ("Camille", "Louis", "Léa", "Hugo", "Manon", "Théo", "Inès", "Julien", "Chloé",
           "Mathis", "Élodie", "Antoine", "Aïcha", "Baptiste"),
    "de": ("Lena", "Jonas", "Mia", "Leon", "Hannah", "Felix", "Lea", "Lukas", "Marie",
           "Tobias", "Jana", "Niklas", "Sophie", "Moritz"),
    "pt": ("Ana", "João", "Beatriz", "Gabriel", "Mariana", "Lucas", "Larissa", "Pedro",
           "Júlia", "Rafael", "Fernanda", "Thiago", "Camila", "Bruno"),
    "it": ("Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca", "Alessandro", "Sara",
           "Davide", "Elena", "Marco"),
    "ja": ("陽菜", "大翔", "結衣", "蓮", "さくら", "悠真", "美咲", "健太", "葵", "翔太",
           "ゆき", "拓海", "愛子", "直樹"),
    "zh": ("芳", "伟", "敏", "静", "磊", "婷", "浩然", "欣怡", "子轩", "雨涵", "俊杰", "晓明",
           "丽娜", "志强"),
    "ko": ("민준", "서연", "지호", "하은", "도윤", "수아", "예준", "지우", "서준", "유진",
           "현우", "다은"),
    "ru": ("Анна", "Дмитрий", "Мария", "Алексей", "Екатерина", "Иван", "Ольга", "Сергей",
           "Наталья", "Артём", "Полина", "Максим"),
    "uk": ("Оксана", "Андрій", "Олена", "Тарас", "Ірина", "Богдан", "Юлія", "Микола",
           "Софія", "Дмитро"),
    "ar": ("محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "عمر", "نور", "خالد", "سارة",
           "حسن", "رنا", "كريم", "هدى"),
    "hi": ("प्रिया", "राहुल", "अनन्या", "अर्जुन", "नेहा", "विक्रम", "पूजा", "रोहित",
           "कविता", "आदित्य", "स्नेहा", "अमित"),
}  # fmt: skip

FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Smith", "Johnson", "Brown", "Taylor", "Walker", "O'Brien", "Nguyen", "Clarke",
           "Murphy", "Evans", "Patel", "Okafor"),
    "es": ("García", "Martínez", "López", "Hernández", "Ruiz", "Fernández", "Torres",
           "Ramírez", "Castillo", "Morales"),
    "fr": ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Diallo", "Roux"),
    "de": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker",
           "Hoffmann", "Schäfer"),
    "pt": ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida"),
    "it": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"),
    "ja": ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"),
    "zh": ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"),
    "ko": ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"),
    "ru": ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
           "Новиков"),
    "uk": ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник",
           "Мельник"),
    "ar": ("الأحمد", "حداد", "منصور", "الخطيب", "عبد الله", "السيد", "ناصر", "بن علي"),
    "hi": ("शर्मा", "वर्मा", "गुप्ता", "सिंह", "पटेल", "अग्रवाल", "जोशी", "मेहता"),
}  # fmt: skip

#: Languages that put the family name first, with no space for Chinese and Korean.
FAMILY_FIRST: dict[str, str] = {"ja": " ", "zh": "", "ko": ""}

#: Russian and Ukrainian family names take a feminine ending for these given names.
FEMININE_GIVEN = frozenset(
    {"Анна", "Мария", "Екатерина", "Ольга", "Наталья", "Полина", "Оксана", "Олена", "Ірина",
     "Юлія", "Софія"}
)  # fmt: skip

#: Emoji members like to add to their display names.
NAME_EMOJI = ("🌸", "🎸", "☕", "📚", "🌍", "✨", "🐱", "⚽", "🎧", "🌻", "🇯🇵", "🇧🇷", "🍀")

#: Latin-letter handles members pick instead of their real name.
HANDLE_STEMS = ("lingo", "polyglot", "study", "words", "learner", "talk", "wanderer", "notes")
