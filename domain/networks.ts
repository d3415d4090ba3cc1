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
