-- Labelled incidents of the demo data set (src/data/demo): what an anomaly detector should find
-- in it. Written by `herald db seed-demo`; empty for real data.
create table if not exists demo_incidents (
  kind text not null,
  sku text,
  category text,
  day_from date not null,
  day_to date not null,
  note text not null
);
