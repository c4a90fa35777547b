import { PageTitle } from '../../components/PageTitle.js';

// Placeholder: this screen is being built.
export default function CheckScreen() {
  return <PageTitle>Prerequisite check</PageTitle>;
}
