import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle.js';

export default function NotFoundScreen() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no console page at this address. <Link to="/integrations">Go to the integrations</Link>.
      </p>
    </>
  );
}
