// Example operations shown as GraphiQL's default tabs, so analysts start from working queries.
export const graphiqlTabs = [
  {
    query: `# Top creators of the shared marketplace (public data, no sign-in needed)
query TopCreators {
  marketplaceInfluencers(first: 5, filter: { platforms: [INSTAGRAM] }) {
    ... on MarketplaceInfluencerConnection {
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
    ... on Error { message }
  }
}
`,
  },
  {
    query: `# Search creators: full text over names, usernames, bio and categories, best match first.
# Pass pageInfo.endCursor as "after" for the next page.
query SearchCreators {
  marketplaceInfluencers(
    search: "fitness"
    filter: { countries: ["US", "GB"], engagementRateMin: "0.02", followersMin: 10000 }
    first: 10
  ) {
    ... on MarketplaceInfluencerConnection {
      totalCount
      edges {
        node {
          username
          displayName
          followers
          engagementRate
          country
          profile {
            avgLikes
            score
            audienceCountries { countryCode share }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    ... on ValidationError { message issues { path message } }
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
