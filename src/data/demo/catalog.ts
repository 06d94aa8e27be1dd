/**
 * The demo shop's assortment: Russian product titles by category, each with a price level, a
 * return rate and a weekly rhythm typical of Wildberries/Ozon sellers.
 */
import type { Random } from './random.js';

export interface CategorySpec {
  name: string;
  /** Prefix of the seller's article, e.g. `POS-1001`. */
  prefix: string;
  /** Typical share of units returned (clothing is returned far more often than mugs). */
  returnRate: number;
  /** Share of orders with two units (plates come in pairs, phone cases do not). */
  multiUnitShare: number;
  /** Demand multiplier by weekday, Sunday first: marketplaces peak on Sunday–Monday evenings. */
  weekly: readonly number[];
  /** Product lines: a title template with `{}` replaced by one of the variants, and its price. */
  lines: readonly { title: string; variants: readonly string[]; price: number }[];
}

const COLORS = ['белый', 'чёрный', 'серый', 'бежевый', 'голубой', 'зелёный'];
const SIZES = ['S', 'M', 'L', 'XL'];

/** Every combination of the lists, joined with a space: sizes × colours. */
function cross(...lists: readonly (readonly string[])[]): string[] {
  return lists.reduce<string[]>((acc, list) => acc.flatMap((a) => list.map((b) => (a ? `${a} ${b}` : b))), ['']);
}

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Посуда', prefix: 'POS', returnRate: 0.015, multiUnitShare: 0.18,
    weekly: [1.12, 1.08, 1.0, 0.98, 0.97, 0.9, 0.95],
    lines: [
      { title: 'Кружка керамическая {}', variants: cross(['350 мл', '400 мл', '450 мл'], COLORS), price: 490 },
      { title: 'Тарелка десертная {}', variants: cross(['19 см', '21 см', '23 см'], ['белая', 'графит', 'с узором']), price: 390 },
      { title: 'Набор бокалов для вина {}', variants: ['4 шт', '6 шт'], price: 1290 },
      { title: 'Сковорода антипригарная {}', variants: ['24 см', '26 см', '28 см'], price: 1890 },
      { title: 'Контейнер для еды стеклянный {}', variants: ['640 мл', '1 л', '1,5 л'], price: 590 },
      { title: 'Термос стальной {}', variants: ['500 мл', '750 мл', '1 л'], price: 1490 },
      { title: 'Набор ножей кухонных {}', variants: ['3 предмета', '5 предметов'], price: 2190 },
    ],
  },
  {
    name: 'Электроника', prefix: 'ELK', returnRate: 0.03, multiUnitShare: 0.05,
    weekly: [1.1, 1.06, 1.01, 0.99, 0.98, 0.92, 0.94],
    lines: [
      { title: 'Чехол для iPhone {}', variants: cross(['13', '14', '15', '15 Pro', '16', '16 Pro Max'], ['прозрачный', 'чёрный', 'MagSafe', 'книжка']), price: 690 },
      { title: 'Кабель USB-C {}', variants: ['1 м', '2 м', 'Lightning 1 м'], price: 390 },
      { title: 'Зарядное устройство {}', variants: ['20 Вт', '30 Вт', '65 Вт GaN'], price: 1290 },
      { title: 'Наушники беспроводные {}', variants: ['TWS', 'с шумоподавлением', 'накладные'], price: 2490 },
      { title: 'Powerbank {}', variants: ['10000 мАч', '20000 мАч'], price: 1990 },
      { title: 'Защитное стекло для Samsung {}', variants: ['Galaxy S23', 'Galaxy S24', 'Galaxy A54'], price: 450 },
      { title: 'Держатель для телефона {}', variants: ['в авто', 'настольный'], price: 590 },
    ],
  },
  {
    name: 'Дом', prefix: 'DOM', returnRate: 0.02, multiUnitShare: 0.1,
    weekly: [1.14, 1.07, 1.0, 0.97, 0.96, 0.91, 0.96],
    lines: [
      { title: 'Плед флисовый {}', variants: cross(['130×150', '150×200', '200×220'], COLORS), price: 1190 },
      { title: 'Подушка декоративная 45×45 {}', variants: COLORS, price: 790 },
      { title: 'Органайзер для хранения {}', variants: ['3 секции', '6 секций', 'для обуви'], price: 690 },
      { title: 'Свеча ароматическая {}', variants: ['ваниль', 'сандал', 'лаванда', 'хвоя'], price: 490 },
      { title: 'Полотенце махровое {}', variants: cross(['50×90', '70×140', '100×150'], COLORS), price: 690 },
      { title: 'Комплект постельного белья {}', variants: cross(['1,5-спальный', '2-спальный', 'евро'], ['сатин', 'бязь', 'страйп-сатин']), price: 2990 },
    ],
  },
  {
    name: 'Одежда', prefix: 'ODZ', returnRate: 0.06, multiUnitShare: 0.14,
    weekly: [1.13, 1.09, 1.01, 0.98, 0.95, 0.89, 0.95],
    lines: [
      { title: 'Футболка хлопковая {}', variants: COLORS.flatMap((c) => SIZES.map((s) => `${c} р. ${s}`)), price: 890 },
      { title: 'Носки хлопковые {}', variants: ['3 пары', '5 пар', '10 пар'], price: 490 },
      { title: 'Худи оверсайз {}', variants: cross(['чёрное', 'серое', 'бежевое'], SIZES), price: 2490 },
      { title: 'Шапка вязаная {}', variants: ['чёрная', 'бордовая', 'серая'], price: 790 },
    ],
  },
  {
    name: 'Красота', prefix: 'KRS', returnRate: 0.01, multiUnitShare: 0.2,
    weekly: [1.1, 1.07, 1.02, 0.99, 0.97, 0.92, 0.93],
    lines: [
      { title: 'Крем для рук {}', variants: ['50 мл', '75 мл', 'набор 3 шт'], price: 350 },
      { title: 'Шампунь бессульфатный {}', variants: ['250 мл', '500 мл'], price: 590 },
      { title: 'Патчи для глаз гидрогелевые {}', variants: ['60 шт', 'с коллагеном'], price: 690 },
      { title: 'Сыворотка для лица {}', variants: ['с витамином C', 'с ниацинамидом', 'с гиалуроновой кислотой'], price: 890 },
      { title: 'Маска для волос {}', variants: ['300 мл', '500 мл'], price: 650 },
    ],
  },
  {
    name: 'Игрушки', prefix: 'IGR', returnRate: 0.02, multiUnitShare: 0.06,
    weekly: [1.16, 1.04, 0.99, 0.97, 0.98, 0.93, 0.96],
    lines: [
      { title: 'Конструктор {}', variants: ['120 деталей', '250 деталей', '500 деталей'], price: 1490 },
      { title: 'Мягкая игрушка Медведь {}', variants: cross(['25 см', '40 см', '70 см'], ['бурый', 'белый', 'розовый']), price: 990 },
      { title: 'Пазл {}', variants: ['500 элементов', '1000 элементов'], price: 690 },
      { title: 'Настольная игра {}', variants: ['«Мафия»', '«Дженга»', '«Уно»', 'викторина'], price: 1190 },
      { title: 'Машинка на радиоуправлении {}', variants: ['джип', 'гоночная'], price: 2290 },
    ],
  },
];

export interface CatalogItem {
  sku: string;
  title: string;
  category: CategorySpec;
  /** The line's typical price; each SKU varies around it. */
  linePrice: number;
}

/** `count` distinct items spread over the categories, in a seeded order. */
export function buildCatalog(random: Random, count: number): CatalogItem[] {
  const all: CatalogItem[] = [];
  for (const category of CATEGORIES) {
    for (const line of category.lines) {
      for (const variant of line.variants) {
        all.push({ sku: '', title: line.title.replace('{}', variant), category, linePrice: line.price });
      }
    }
  }
  // Fisher–Yates with the seeded stream.
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const items: CatalogItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const base = all[i % all.length]!;
    // More SKUs than titles: the same product from a second supplier, as sellers list them.
    const round = Math.floor(i / all.length);
    const title = round === 0 ? base.title : `${base.title}, арт. ${round + 1}`;
    items.push({ ...base, title, sku: `${base.category.prefix}-${1001 + i}` });
  }
  return items;
}

/** A shop price: rounded to end in 9 or 90, as Russian sellers price. */
export function shopPrice(value: number): number {
  if (value < 100) return Math.max(9, Math.round(value / 10) * 10 - 1);
  return Math.max(99, Math.round(value / 10) * 10 - 1);
}
