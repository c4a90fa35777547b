import { PageTitle } from '../../components/PageTitle.js';

// Placeholder: this screen is being built.
export default function MappingsScreen() {
  return <PageTitle>External mappings</PageTitle>;
}
