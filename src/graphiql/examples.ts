// Example operations shown as GraphiQL's default tabs, so analysts start from working queries.
export const graphiqlTabs = [
  {
    query: `# Top creators of the shared marketplace (public data, no sign-in needed)
query TopCreators {
  marketplaceInfluencers(first: 5, platform: INSTAGRAM) {
    totalCount
    edges {
      node {
        username
        displayName
        followers
        engagementRate
        categories
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    query: `# Who am I? Null without a session: put {"Authorization": "Bearer <token>"} in Headers
# (npm run dev:token -- --user owner@lumen-skincare.example.com --org lumen-skincare).
query Viewer {
  viewer {
    role
    user { name email }
    organization { name slug }
  }
}
`,
  },
];
