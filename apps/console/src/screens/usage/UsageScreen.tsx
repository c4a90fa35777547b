import { PageTitle } from '../../components/PageTitle.js';

// Placeholder: this screen is being built.
export default function UsageScreen() {
  return <PageTitle>Usage</PageTitle>;
}
