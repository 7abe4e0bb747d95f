-- Creator search narrowed by platform and followers inside one index scan (issue #4; README,
-- "Influencer discovery"). The GIN index holds searchVector and the creator's search segment:
-- 100 x platform code + the number of digits of the follower count (its follower decade), as a
-- one-element integer array so GIN's built-in array_ops serve it (no extension). A search with
-- platform and follower filters intersects the text matches with the admitted segments inside the
-- index instead of AND-ing them with a b-tree bitmap of every creator above the follower bound.
-- src/modules/influencer/influencer.search.ts (SEGMENT) repeats the expression exactly.
-- It replaces the single-column index on searchVector: a search without those filters uses its
-- first column alone, at the same cost.
DROP INDEX "MarketplaceInfluencer_searchVector_idx";
CREATE INDEX "MarketplaceInfluencer_search_segment_idx" ON "MarketplaceInfluencer" USING GIN (
  "searchVector",
  (ARRAY[(CASE "platform" WHEN 'INSTAGRAM' THEN 100 WHEN 'TIKTOK' THEN 200 WHEN 'YOUTUBE' THEN 300 END)
         + length("followers"::text)])
);
