/** Networks an account request may name (Anexo 4, "Red social"). */
export const NETWORKS = ['facebook', 'x', 'instagram', 'tiktok', 'youtube', 'linkedin', 'flickr', 'other'] as const;
export type Network = (typeof NETWORKS)[number];

export const NETWORK_LABELS: Record<Network, string> = {
  facebook: 'Facebook',
  x: 'X (Twitter)',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  flickr: 'Flickr',
  other: 'Otra',
};

/** Hosts where each network's posts live; `other` takes any https address. */
export const POST_HOSTS: Record<Network, string[]> = {
  facebook: ['facebook.com', 'fb.com', 'fb.watch'],
  x: ['x.com', 'twitter.com'],
  instagram: ['instagram.com'],
  tiktok: ['tiktok.com'],
  youtube: ['youtube.com', 'youtu.be'],
  linkedin: ['linkedin.com'],
  flickr: ['flickr.com', 'flic.kr'],
  other: [],
};
